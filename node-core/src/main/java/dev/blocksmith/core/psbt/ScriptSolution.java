package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An output script's template and the data the solver needs from it (Core's Solver): the key of
 * P2PK, the hash of P2PKH/P2SH, the witness program, or a multisig's threshold and keys.
 *
 * @param required the multisig threshold (0 for other templates)
 * @param data the key, hash or program; for multisig the keys in script order
 */
record ScriptSolution(ScriptType type, int required, List<byte[]> data) {
    static ScriptSolution of(Script script) {
        ScriptType type = ScriptType.classify(script);
        byte[] b = script.rawBytes();
        return switch (type) {
            case PUBKEY -> new ScriptSolution(type, 0, List.of(Arrays.copyOfRange(b, 1, b.length - 1)));
            case PUBKEYHASH -> new ScriptSolution(type, 0, List.of(Arrays.copyOfRange(b, 3, 23)));
            case SCRIPTHASH -> new ScriptSolution(type, 0, List.of(Arrays.copyOfRange(b, 2, 22)));
            case WITNESS_V0_KEYHASH, WITNESS_V0_SCRIPTHASH, WITNESS_V1_TAPROOT -> new ScriptSolution(type, 0, List.of(script.witnessProgram()));
            case MULTISIG -> multisig(script);
            default -> new ScriptSolution(type, 0, List.of());
        };
    }

    private static ScriptSolution multisig(Script script) {
        List<ScriptChunk> chunks = script.chunks().orElseThrow();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 1; i < chunks.size() - 2; i++) keys.add(chunks.get(i).data());
        return new ScriptSolution(ScriptType.MULTISIG, smallNumber(chunks.get(0)), keys);
    }

    /** The threshold: OP_1..OP_16 or, as Core 28 allows, a minimally pushed number. */
    private static int smallNumber(ScriptChunk c) {
        int small = Opcodes.decodeSmallInt(c.opcode());
        if (small >= 0) return small;
        byte[] d = c.data();
        int v = 0;
        for (int k = 0; k < d.length; k++) v |= (d[k] & 0xff) << (8 * k);
        return v;
    }
}
