package dev.blocksmith.core.script;

import dev.blocksmith.core.primitives.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An immutable script program (scriptPubKey, scriptSig, witness script or tapscript). Holds the raw
 * bytes; parsing is lazy and tolerant, as consensus requires scripts with bad pushes to be stored
 * and only fail when executed.
 */
public final class Script {
    public static final Script EMPTY = new Script(new byte[0]);
    /** Consensus MAX_SCRIPT_SIZE. */
    public static final int MAX_SCRIPT_SIZE = 10_000;

    private final byte[] program;
    private int hashCode;

    private Script(byte[] program) {
        this.program = program;
    }

    public static Script of(byte[] program) {
        return program.length == 0 ? EMPTY : new Script(program.clone());
    }

    public static Script ofOwned(byte[] program) {
        return program.length == 0 ? EMPTY : new Script(program);
    }

    public static Script fromHex(String hex) {
        return ofOwned(Hex.decode(hex));
    }

    /** Copy of the program bytes. */
    public byte[] bytes() {
        return program.clone();
    }

    /** The program bytes without a copy; callers must not modify the array. */
    public byte[] rawBytes() {
        return program;
    }

    public int length() {
        return program.length;
    }

    public boolean isEmpty() {
        return program.length == 0;
    }

    public int byteAt(int i) {
        return program[i] & 0xff;
    }

    public String toHex() {
        return Hex.encode(program);
    }

    /**
     * Parses into chunks. Returns empty when a push runs past the end of the script (Core's GetOp
     * failure); the chunks before the failure are not returned.
     */
    public Optional<List<ScriptChunk>> chunks() {
        List<ScriptChunk> out = new ArrayList<>();
        int pc = 0;
        while (pc < program.length) {
            ScriptChunk c = readChunk(program, pc);
            if (c == null) return Optional.empty();
            out.add(c);
            pc = c.end();
        }
        return Optional.of(out);
    }

    /** Reads one chunk at {@code pc}, or null if it is truncated. */
    public static ScriptChunk readChunk(byte[] s, int pc) {
        if (pc >= s.length) return null;
        int op = s[pc] & 0xff;
        if (op > Opcodes.OP_PUSHDATA4) {
            return new ScriptChunk(op, null, pc, pc + 1);
        }
        long bounds = pushBounds(s, pc);
        if (bounds < 0) return null;
        int from = (int) (bounds >>> 32);
        int to = (int) bounds;
        return new ScriptChunk(op, Arrays.copyOfRange(s, from, to), pc, to);
    }

    /**
     * Where the data of the push opcode at {@code pc} lies, without copying it: {@code from << 32 | to}, or -1 when its
     * length bytes or its data run past the end of the script. For readers of every push of many scripts (getblock's
     * asm text).
     */
    public static long pushBounds(byte[] s, int pc) {
        int op = s[pc++] & 0xff;
        long len;
        if (op < Opcodes.OP_PUSHDATA1) {
            len = op;
        } else if (op == Opcodes.OP_PUSHDATA1) {
            if (s.length - pc < 1) return -1;
            len = s[pc] & 0xff;
            pc += 1;
        } else if (op == Opcodes.OP_PUSHDATA2) {
            if (s.length - pc < 2) return -1;
            len = (s[pc] & 0xff) | (s[pc + 1] & 0xff) << 8;
            pc += 2;
        } else {
            if (s.length - pc < 4) return -1;
            len = Integer.toUnsignedLong((s[pc] & 0xff) | (s[pc + 1] & 0xff) << 8 | (s[pc + 2] & 0xff) << 16 | (s[pc + 3] & 0xff) << 24);
            pc += 4;
        }
        if (len > s.length - pc) return -1;
        return (long) pc << 32 | (pc + len);
    }

    /** True when every opcode is a push (OP_0..OP_16 and data pushes), as BIP16/SIGPUSHONLY require. */
    public boolean isPushOnly() {
        int pc = 0;
        while (pc < program.length) {
            ScriptChunk c = readChunk(program, pc);
            if (c == null) return false;
            if (c.opcode() > Opcodes.OP_16) return false;
            pc = c.end();
        }
        return true;
    }

    /** OP_RETURN outputs and oversized scripts can never be spent (Core's IsUnspendable). */
    public boolean isUnspendable() {
        return (program.length > 0 && (program[0] & 0xff) == Opcodes.OP_RETURN) || program.length > MAX_SCRIPT_SIZE;
    }

    /** BIP16 pay-to-script-hash: OP_HASH160 push20 OP_EQUAL, exactly 23 bytes. */
    public boolean isP2SH() {
        return program.length == 23 && byteAt(0) == Opcodes.OP_HASH160 && byteAt(1) == 0x14 && byteAt(22) == Opcodes.OP_EQUAL;
    }

    public boolean isP2PKH() {
        return program.length == 25 && byteAt(0) == Opcodes.OP_DUP && byteAt(1) == Opcodes.OP_HASH160 && byteAt(2) == 0x14
                && byteAt(23) == Opcodes.OP_EQUALVERIFY && byteAt(24) == Opcodes.OP_CHECKSIG;
    }

    /**
     * BIP141 witness program: a version opcode (OP_0 or OP_1..OP_16) followed by one direct push of
     * 2..40 bytes, and nothing else.
     */
    public boolean isWitnessProgram() {
        int n = program.length;
        if (n < 4 || n > 42) return false;
        int v = byteAt(0);
        if (v != Opcodes.OP_0 && (v < Opcodes.OP_1 || v > Opcodes.OP_16)) return false;
        return byteAt(1) + 2 == n;
    }

    /** Witness version 0..16; only meaningful when {@link #isWitnessProgram()}. */
    public int witnessVersion() {
        return Opcodes.decodeSmallInt(byteAt(0));
    }

    /** The witness program bytes; only meaningful when {@link #isWitnessProgram()}. */
    public byte[] witnessProgram() {
        return Arrays.copyOfRange(program, 2, program.length);
    }

    public boolean isP2WPKH() {
        return program.length == 22 && byteAt(0) == Opcodes.OP_0 && byteAt(1) == 0x14;
    }

    public boolean isP2WSH() {
        return program.length == 34 && byteAt(0) == Opcodes.OP_0 && byteAt(1) == 0x20;
    }

    public boolean isP2TR() {
        return program.length == 34 && byteAt(0) == Opcodes.OP_1 && byteAt(1) == 0x20;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Script s && Arrays.equals(program, s.program));
    }

    @Override
    public int hashCode() {
        int h = hashCode;
        if (h == 0) {
            h = Arrays.hashCode(program);
            hashCode = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return toHex();
    }
}
