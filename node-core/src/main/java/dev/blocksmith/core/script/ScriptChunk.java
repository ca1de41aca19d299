package dev.blocksmith.core.script;

/**
 * One parsed element of a script: an opcode and, for push opcodes, the pushed bytes.
 *
 * @param opcode the opcode byte (0x00..0xff); pushes of 1..75 bytes use the length as opcode
 * @param data pushed bytes, or {@code null} for non-push opcodes
 * @param start offset of the opcode in the script
 * @param end offset just after this chunk
 */
public record ScriptChunk(int opcode, byte[] data, int start, int end) {
    public boolean isPush() {
        return opcode <= Opcodes.OP_PUSHDATA4;
    }
}
