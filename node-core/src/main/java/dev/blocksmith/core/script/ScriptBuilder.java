package dev.blocksmith.core.script;

import dev.blocksmith.core.primitives.ByteWriter;

/** Builds scripts with minimal push encodings (the forms MINIMALDATA accepts). */
public final class ScriptBuilder {
    private final ByteWriter w = new ByteWriter(64);

    public ScriptBuilder op(int opcode) {
        w.u8(opcode);
        return this;
    }

    /** Pushes data with the smallest push opcode; 0..16 single bytes are not turned into OP_n here. */
    public ScriptBuilder data(byte[] data) {
        int n = data.length;
        if (n < Opcodes.OP_PUSHDATA1) {
            w.u8(n);
        } else if (n <= 0xff) {
            w.u8(Opcodes.OP_PUSHDATA1).u8(n);
        } else if (n <= 0xffff) {
            w.u8(Opcodes.OP_PUSHDATA2).u16le(n);
        } else {
            w.u8(Opcodes.OP_PUSHDATA4).i32le(n);
        }
        w.bytes(data);
        return this;
    }

    /** Pushes an integer as consensus minimal encoding: OP_0, OP_1NEGATE, OP_1..OP_16, else a number push. */
    public ScriptBuilder number(long n) {
        if (n == 0) return op(Opcodes.OP_0);
        if (n == -1) return op(Opcodes.OP_1NEGATE);
        if (n >= 1 && n <= 16) return op(Opcodes.OP_1 + (int) n - 1);
        return data(encodeNumber(n));
    }

    public Script build() {
        return Script.ofOwned(w.toByteArray());
    }

    /** Script number encoding: little-endian magnitude with the sign in the top bit (CScriptNum). */
    public static byte[] encodeNumber(long value) {
        if (value == 0) return new byte[0];
        boolean neg = value < 0;
        long abs = Math.abs(value);
        ByteWriter out = new ByteWriter(9);
        while (abs != 0) {
            out.u8((int) (abs & 0xff));
            abs >>>= 8;
        }
        byte[] b = out.toByteArray();
        if ((b[b.length - 1] & 0x80) != 0) {
            byte[] ext = new byte[b.length + 1];
            System.arraycopy(b, 0, ext, 0, b.length);
            ext[b.length] = (byte) (neg ? 0x80 : 0x00);
            return ext;
        } else if (neg) {
            b[b.length - 1] |= (byte) 0x80;
        }
        return b;
    }
}
