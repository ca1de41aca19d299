package dev.blocksmith.core.script;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The output script templates Core's {@code Solver} recognises, with the names RPC reports
 * ({@code scriptPubKey.type}). Mempool standardness uses the same classification (IsStandard).
 */
public enum ScriptType {
    NONSTANDARD("nonstandard"),
    PUBKEY("pubkey"),
    PUBKEYHASH("pubkeyhash"),
    SCRIPTHASH("scripthash"),
    MULTISIG("multisig"),
    NULLDATA("nulldata"),
    WITNESS_V0_KEYHASH("witness_v0_keyhash"),
    WITNESS_V0_SCRIPTHASH("witness_v0_scripthash"),
    WITNESS_V1_TAPROOT("witness_v1_taproot"),
    WITNESS_UNKNOWN("witness_unknown"),
    ANCHOR("anchor");

    /** Policy limit on keys in a bare multisig template (MAX_PUBKEYS_PER_MULTISIG). */
    public static final int MAX_PUBKEYS_PER_MULTISIG = 20;

    private final String rpcName;

    ScriptType(String rpcName) {
        this.rpcName = rpcName;
    }

    /** The name bitcoind prints, e.g. "witness_v0_keyhash". */
    public String rpcName() {
        return rpcName;
    }

    /** Classifies in Core's order: P2SH, witness programs, OP_RETURN, P2PK, P2PKH, bare multisig. */
    public static ScriptType classify(Script script) {
        if (script.isP2SH()) return SCRIPTHASH;
        if (script.isWitnessProgram()) {
            int version = script.witnessVersion();
            int size = script.length() - 2;
            if (version == 0 && size == 20) return WITNESS_V0_KEYHASH;
            if (version == 0 && size == 32) return WITNESS_V0_SCRIPTHASH;
            if (version == 1 && size == 32) return WITNESS_V1_TAPROOT;
            if (isPayToAnchor(script)) return ANCHOR;
            // A version 0 program of another size can never be spent, so it is not a known template.
            if (version != 0) return WITNESS_UNKNOWN;
            return NONSTANDARD;
        }
        byte[] b = script.rawBytes();
        if (b.length >= 1 && (b[0] & 0xff) == Opcodes.OP_RETURN
                && Script.ofOwned(Arrays.copyOfRange(b, 1, b.length)).isPushOnly()) {
            return NULLDATA;
        }
        if (isPayToPubKey(b)) return PUBKEY;
        if (script.isP2PKH()) return PUBKEYHASH;
        if (isMultisig(script)) return MULTISIG;
        return NONSTANDARD;
    }

    /** Ephemeral anchor output (BIP431 era policy): OP_1 &lt;0x4e73&gt;. */
    public static boolean isPayToAnchor(Script script) {
        byte[] b = script.rawBytes();
        return b.length == 4 && (b[0] & 0xff) == Opcodes.OP_1 && b[1] == 0x02 && (b[2] & 0xff) == 0x4e && (b[3] & 0xff) == 0x73;
    }

    private static boolean isPayToPubKey(byte[] b) {
        if (b.length == 35 && b[0] == 33 && (b[34] & 0xff) == Opcodes.OP_CHECKSIG) return validPubKeySize(Arrays.copyOfRange(b, 1, 34));
        if (b.length == 67 && b[0] == 65 && (b[66] & 0xff) == Opcodes.OP_CHECKSIG) return validPubKeySize(Arrays.copyOfRange(b, 1, 66));
        return false;
    }

    /** Core's CPubKey::ValidSize: the header byte implies the length (02/03 compressed, 04/06/07 full). */
    private static boolean validPubKeySize(byte[] data) {
        if (data == null || data.length == 0) return false;
        int header = data[0] & 0xff;
        int expected = header == 2 || header == 3 ? 33 : header == 4 || header == 6 || header == 7 ? 65 : 0;
        return expected == data.length;
    }

    /** m &lt;key&gt;... n OP_CHECKMULTISIG with 1 &lt;= m &lt;= n &lt;= 20 and n keys, as Core's MatchMultisig. */
    private static boolean isMultisig(Script script) {
        byte[] b = script.rawBytes();
        if (b.length < 1 || (b[b.length - 1] & 0xff) != Opcodes.OP_CHECKMULTISIG) return false;
        Optional<List<ScriptChunk>> parsed = script.chunks();
        if (parsed.isEmpty()) return false;
        List<ScriptChunk> chunks = parsed.get();
        if (chunks.size() < 3) return false;
        Optional<Integer> m = smallNumber(chunks.get(0), 1);
        if (m.isEmpty()) return false;
        int i = 1;
        while (i < chunks.size() && validPubKeySize(chunks.get(i).data())) i++;
        int keys = i - 1;
        if (i != chunks.size() - 2) return false;
        Optional<Integer> n = smallNumber(chunks.get(i), m.get());
        return n.isPresent() && n.get() == keys;
    }

    /**
     * A key count in a multisig template: OP_1..OP_16, or (as Core's GetScriptNumber allows since
     * v28) a minimally pushed, minimally encoded number, in min..20.
     */
    private static Optional<Integer> smallNumber(ScriptChunk c, int min) {
        int value;
        int small = Opcodes.decodeSmallInt(c.opcode());
        if (small >= 0) {
            value = small;
        } else if (c.isPush()) {
            byte[] d = c.data();
            if (!isMinimalPush(c) || d.length > 4 || d.length == 0) return Optional.empty();
            if ((d[d.length - 1] & 0x7f) == 0 && (d.length == 1 || (d[d.length - 2] & 0x80) == 0)) return Optional.empty();
            long v = 0;
            for (int k = 0; k < d.length; k++) v |= (long) (d[k] & 0xff) << (8 * k);
            if ((d[d.length - 1] & 0x80) != 0) v = -(v & ~(0x80L << (8 * (d.length - 1))));
            value = (int) v;
        } else {
            return Optional.empty();
        }
        if (value < min || value > MAX_PUBKEYS_PER_MULTISIG) return Optional.empty();
        return Optional.of(value);
    }

    private static boolean isMinimalPush(ScriptChunk c) {
        byte[] d = c.data();
        int op = c.opcode();
        if (d.length == 0) return op == Opcodes.OP_0;
        if (d.length == 1 && (d[0] & 0xff) >= 1 && (d[0] & 0xff) <= 16) return false;
        if (d.length == 1 && (d[0] & 0xff) == 0x81) return false;
        if (d.length <= 75) return op == d.length;
        if (d.length <= 255) return op == Opcodes.OP_PUSHDATA1;
        if (d.length <= 65535) return op == Opcodes.OP_PUSHDATA2;
        return true;
    }
}
