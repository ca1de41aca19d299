package dev.blocksmith.core.script;

import java.util.LinkedHashMap;
import java.util.Map;

/** Script verification flags, with the same bit values and names as Bitcoin Core's interpreter.h. */
public final class ScriptFlags {
    private ScriptFlags() {
    }

    public static final int NONE = 0;
    public static final int P2SH = 1;
    public static final int STRICTENC = 1 << 1;
    public static final int DERSIG = 1 << 2;
    public static final int LOW_S = 1 << 3;
    public static final int NULLDUMMY = 1 << 4;
    public static final int SIGPUSHONLY = 1 << 5;
    public static final int MINIMALDATA = 1 << 6;
    public static final int DISCOURAGE_UPGRADABLE_NOPS = 1 << 7;
    public static final int CLEANSTACK = 1 << 8;
    public static final int CHECKLOCKTIMEVERIFY = 1 << 9;
    public static final int CHECKSEQUENCEVERIFY = 1 << 10;
    public static final int WITNESS = 1 << 11;
    public static final int DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM = 1 << 12;
    public static final int MINIMALIF = 1 << 13;
    public static final int NULLFAIL = 1 << 14;
    public static final int WITNESS_PUBKEYTYPE = 1 << 15;
    public static final int CONST_SCRIPTCODE = 1 << 16;
    public static final int TAPROOT = 1 << 17;
    public static final int DISCOURAGE_UPGRADABLE_TAPROOT_VERSION = 1 << 18;
    public static final int DISCOURAGE_OP_SUCCESS = 1 << 19;
    public static final int DISCOURAGE_UPGRADABLE_PUBKEYTYPE = 1 << 20;

    /** Consensus flags that every block since Taproot checks, before the height-dependent ones. */
    public static final int MANDATORY = P2SH | WITNESS | TAPROOT;

    /** Core's STANDARD_SCRIPT_VERIFY_FLAGS: mempool policy. */
    public static final int STANDARD = P2SH | DERSIG | NULLDUMMY | CHECKLOCKTIMEVERIFY | CHECKSEQUENCEVERIFY | WITNESS
            | TAPROOT | STRICTENC | MINIMALDATA | DISCOURAGE_UPGRADABLE_NOPS | CLEANSTACK | MINIMALIF | NULLFAIL
            | LOW_S | DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM | WITNESS_PUBKEYTYPE | CONST_SCRIPTCODE
            | DISCOURAGE_UPGRADABLE_TAPROOT_VERSION | DISCOURAGE_OP_SUCCESS | DISCOURAGE_UPGRADABLE_PUBKEYTYPE;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("NONE", NONE);
        BY_NAME.put("P2SH", P2SH);
        BY_NAME.put("STRICTENC", STRICTENC);
        BY_NAME.put("DERSIG", DERSIG);
        BY_NAME.put("LOW_S", LOW_S);
        BY_NAME.put("NULLDUMMY", NULLDUMMY);
        BY_NAME.put("SIGPUSHONLY", SIGPUSHONLY);
        BY_NAME.put("MINIMALDATA", MINIMALDATA);
        BY_NAME.put("DISCOURAGE_UPGRADABLE_NOPS", DISCOURAGE_UPGRADABLE_NOPS);
        BY_NAME.put("CLEANSTACK", CLEANSTACK);
        BY_NAME.put("CHECKLOCKTIMEVERIFY", CHECKLOCKTIMEVERIFY);
        BY_NAME.put("CHECKSEQUENCEVERIFY", CHECKSEQUENCEVERIFY);
        BY_NAME.put("WITNESS", WITNESS);
        BY_NAME.put("DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
        BY_NAME.put("MINIMALIF", MINIMALIF);
        BY_NAME.put("NULLFAIL", NULLFAIL);
        BY_NAME.put("WITNESS_PUBKEYTYPE", WITNESS_PUBKEYTYPE);
        BY_NAME.put("CONST_SCRIPTCODE", CONST_SCRIPTCODE);
        BY_NAME.put("TAPROOT", TAPROOT);
        BY_NAME.put("DISCOURAGE_UPGRADABLE_TAPROOT_VERSION", DISCOURAGE_UPGRADABLE_TAPROOT_VERSION);
        BY_NAME.put("DISCOURAGE_OP_SUCCESS", DISCOURAGE_OP_SUCCESS);
        BY_NAME.put("DISCOURAGE_UPGRADABLE_PUBKEYTYPE", DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
    }

    /** Parses a comma-separated list of flag names as Core's test data writes them. */
    public static int parse(String names) {
        int flags = 0;
        if (names.isBlank()) return 0;
        for (String n : names.split(",")) {
            Integer f = BY_NAME.get(n.trim());
            if (f == null) throw new IllegalArgumentException("unknown script flag: " + n);
            flags |= f;
        }
        return flags;
    }

    public static Map<String, Integer> all() {
        return BY_NAME;
    }
}
