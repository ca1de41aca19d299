package dev.blocksmith.rpc.methods.rawtransactions;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import java.util.Optional;

/** Hex transaction decoding for the raw-transaction methods (bitcoind's DecodeHexTx) and script sanity. */
public final class RawTransactions {
    /** Core's MAX_SCRIPT_ELEMENT_SIZE. */
    private static final int MAX_SCRIPT_ELEMENT_SIZE = 520;

    private RawTransactions() {}

    /** Both serializations tried, as sendrawtransaction, testmempoolaccept and getrawtransaction decode. */
    public static Optional<Transaction> decode(String hex) {
        return decode(hex, true, true);
    }

    /**
     * bitcoind's DecodeHexTx. The two serializations are ambiguous (a legacy transaction without inputs
     * starts like the BIP144 marker), so both are tried: the extended reading wins when its scripts
     * parse, then the legacy one when its scripts parse, then whichever read the bytes exactly.
     *
     * @param tryLegacy   try the serialization without witnesses
     * @param tryExtended try the BIP144 serialization with witnesses
     */
    public static Optional<Transaction> decode(String hex, boolean tryLegacy, boolean tryExtended) {
        if (hex.length() % 2 != 0 || !Hex.isHex(hex)) return Optional.empty();
        byte[] bytes = Hex.decode(hex);
        Optional<Transaction> extended = tryExtended ? readExtended(bytes) : Optional.empty();
        if (extended.isPresent() && scriptsSane(extended.get())) return extended;
        Optional<Transaction> legacy = tryLegacy ? readLegacy(bytes) : Optional.empty();
        if (legacy.isPresent() && scriptsSane(legacy.get())) return legacy;
        return extended.isPresent() ? extended : legacy;
    }

    private static Optional<Transaction> readExtended(byte[] bytes) {
        try {
            return Optional.of(Transaction.parse(bytes));
        } catch (SerializationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The pre-BIP144 form: an empty input list is just that, never a marker. */
    private static Optional<Transaction> readLegacy(byte[] bytes) {
        try {
            ByteReader r = new ByteReader(bytes);
            Transaction tx = Transaction.readWithoutWitness(r);
            return r.hasRemaining() ? Optional.empty() : Optional.of(tx);
        } catch (SerializationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Core's CheckTxScriptsSanity: every input (unless coinbase) and output script parses and fits. */
    private static boolean scriptsSane(Transaction tx) {
        if (!tx.isCoinbase()) {
            for (TxIn in : tx.inputs()) {
                if (!hasValidOps(in.scriptSig()) || in.scriptSig().length() > Script.MAX_SCRIPT_SIZE) return false;
            }
        }
        for (TxOut out : tx.outputs()) {
            if (!hasValidOps(out.scriptPubKey()) || out.scriptPubKey().length() > Script.MAX_SCRIPT_SIZE) return false;
        }
        return true;
    }

    /**
     * Core's CScript::HasValidOps: every opcode parses, is at most OP_CHECKSIGADD (MAX_OPCODE) and pushes
     * at most 520 bytes.
     */
    public static boolean hasValidOps(Script script) {
        Optional<List<ScriptChunk>> chunks = script.chunks();
        if (chunks.isEmpty()) return false;
        for (ScriptChunk c : chunks.get()) {
            if (c.opcode() > Opcodes.OP_CHECKSIGADD) return false;
            if (c.data() != null && c.data().length > MAX_SCRIPT_ELEMENT_SIZE) return false;
        }
        return true;
    }
}
