package dev.blocksmith.rpc.render;

import dev.blocksmith.core.script.Opcodes;

/** Opcode names as bitcoind's GetOpName prints them in script asm. */
public final class OpcodeNames {
    private static final String[] NAMES = new String[256];

    static {
        NAMES[Opcodes.OP_0] = "0";
        NAMES[Opcodes.OP_PUSHDATA1] = "OP_PUSHDATA1";
        NAMES[Opcodes.OP_PUSHDATA2] = "OP_PUSHDATA2";
        NAMES[Opcodes.OP_PUSHDATA4] = "OP_PUSHDATA4";
        NAMES[Opcodes.OP_1NEGATE] = "-1";
        NAMES[Opcodes.OP_RESERVED] = "OP_RESERVED";
        for (int n = 1; n <= 16; n++) NAMES[Opcodes.OP_1 + n - 1] = Integer.toString(n);
        String[] rest = {
                // 0x61..0x6a control
                "OP_NOP", "OP_VER", "OP_IF", "OP_NOTIF", "OP_VERIF", "OP_VERNOTIF", "OP_ELSE", "OP_ENDIF", "OP_VERIFY",
                "OP_RETURN",
                // 0x6b..0x7d stack
                "OP_TOALTSTACK", "OP_FROMALTSTACK", "OP_2DROP", "OP_2DUP", "OP_3DUP", "OP_2OVER", "OP_2ROT", "OP_2SWAP",
                "OP_IFDUP", "OP_DEPTH", "OP_DROP", "OP_DUP", "OP_NIP", "OP_OVER", "OP_PICK", "OP_ROLL", "OP_ROT",
                "OP_SWAP", "OP_TUCK",
                // 0x7e..0x82 splice
                "OP_CAT", "OP_SUBSTR", "OP_LEFT", "OP_RIGHT", "OP_SIZE",
                // 0x83..0x8a bit logic
                "OP_INVERT", "OP_AND", "OP_OR", "OP_XOR", "OP_EQUAL", "OP_EQUALVERIFY", "OP_RESERVED1", "OP_RESERVED2",
                // 0x8b..0xa5 numeric
                "OP_1ADD", "OP_1SUB", "OP_2MUL", "OP_2DIV", "OP_NEGATE", "OP_ABS", "OP_NOT", "OP_0NOTEQUAL", "OP_ADD",
                "OP_SUB", "OP_MUL", "OP_DIV", "OP_MOD", "OP_LSHIFT", "OP_RSHIFT", "OP_BOOLAND", "OP_BOOLOR",
                "OP_NUMEQUAL", "OP_NUMEQUALVERIFY", "OP_NUMNOTEQUAL", "OP_LESSTHAN", "OP_GREATERTHAN",
                "OP_LESSTHANOREQUAL", "OP_GREATERTHANOREQUAL", "OP_MIN", "OP_MAX", "OP_WITHIN",
                // 0xa6..0xaf crypto
                "OP_RIPEMD160", "OP_SHA1", "OP_SHA256", "OP_HASH160", "OP_HASH256", "OP_CODESEPARATOR", "OP_CHECKSIG",
                "OP_CHECKSIGVERIFY", "OP_CHECKMULTISIG", "OP_CHECKMULTISIGVERIFY",
                // 0xb0..0xba expansion
                "OP_NOP1", "OP_CHECKLOCKTIMEVERIFY", "OP_CHECKSEQUENCEVERIFY", "OP_NOP4", "OP_NOP5", "OP_NOP6",
                "OP_NOP7", "OP_NOP8", "OP_NOP9", "OP_NOP10", "OP_CHECKSIGADD"};
        for (int i = 0; i < rest.length; i++) NAMES[Opcodes.OP_NOP + i] = rest[i];
        NAMES[Opcodes.OP_INVALIDOPCODE] = "OP_INVALIDOPCODE";
    }

    private OpcodeNames() {}

    /** The asm name; opcodes bitcoind does not name print as "OP_UNKNOWN". */
    public static String name(int opcode) {
        String n = opcode >= 0 && opcode < 256 ? NAMES[opcode] : null;
        return n == null ? "OP_UNKNOWN" : n;
    }
}
