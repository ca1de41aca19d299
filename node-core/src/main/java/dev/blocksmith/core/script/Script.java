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
        int start = pc;
        if (pc >= s.length) return null;
        int op = s[pc++] & 0xff;
        if (op > Opcodes.OP_PUSHDATA4) {
            return new ScriptChunk(op, null, start, pc);
        }
        long len;
        if (op < Opcodes.OP_PUSHDATA1) {
            len = op;
        } else if (op == Opcodes.OP_PUSHDATA1) {
            if (s.length - pc < 1) return null;
            len = s[pc] & 0xff;
            pc += 1;
        } else if (op == Opcodes.OP_PUSHDATA2) {
            if (s.length - pc < 2) return null;
            len = (s[pc] & 0xff) | (s[pc + 1] & 0xff) << 8;
            pc += 2;
        } else {
            if (s.length - pc < 4) return null;
            len = Integer.toUnsignedLong((s[pc] & 0xff) | (s[pc + 1] & 0xff) << 8 | (s[pc + 2] & 0xff) << 16 | (s[pc + 3] & 0xff) << 24);
            pc += 4;
        }
        if (len > s.length - pc) return null;
        byte[] data = Arrays.copyOfRange(s, pc, pc + (int) len);
        return new ScriptChunk(op, data, start, pc + (int) len);
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
