package dev.blocksmith.core.script;

import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses the script notation of Core's test data (core_read.cpp ParseScript): decimal numbers are
 * pushed as script numbers (OP_N for -1 and 0..16), {@code 0x..} is inserted raw, {@code 'text'} is
 * pushed, and opcode names are accepted with or without the OP_ prefix.
 */
final class ScriptAsm {
    private static final Map<String, Integer> NAMES = new HashMap<>();

    static {
        for (Field f : Opcodes.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class || !f.getName().startsWith("OP_")) continue;
            try {
                int op = f.getInt(null);
                // As in Core, pushes and small numbers are written as numbers or hex, not by name.
                if (op < Opcodes.OP_NOP && op != Opcodes.OP_RESERVED) continue;
                NAMES.put(f.getName(), op);
                NAMES.put(f.getName().substring(3), op);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private ScriptAsm() {
    }

    static byte[] parseBytes(String asm) {
        ByteWriter w = new ByteWriter(64);
        for (String word : asm.trim().split("\\s+")) {
            if (word.isEmpty()) continue;
            if (word.matches("-?[0-9]+")) {
                long n = Long.parseLong(word);
                if (n == -1 || (n >= 1 && n <= 16)) {
                    w.u8(n == -1 ? Opcodes.OP_1NEGATE : Opcodes.OP_1 + (int) n - 1);
                } else if (n == 0) {
                    w.u8(Opcodes.OP_0);
                } else {
                    w.bytes(ScriptInterpreter.pushOf(ScriptNum.encode(n)));
                }
            } else if (word.startsWith("0x") && word.length() > 2) {
                w.bytes(Hex.decode(word.substring(2)));
            } else if (word.length() >= 2 && word.startsWith("'") && word.endsWith("'")) {
                w.bytes(ScriptInterpreter.pushOf(word.substring(1, word.length() - 1).getBytes(StandardCharsets.UTF_8)));
            } else {
                Integer op = NAMES.get(word);
                if (op == null) throw new IllegalArgumentException("script parse error: " + word);
                w.u8(op);
            }
        }
        return w.toByteArray();
    }

    static Script parse(String asm) {
        return Script.ofOwned(parseBytes(asm));
    }
}
