package dev.blocksmith.core.psbt;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.TransactionSignatureChecker;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Core's DataFromTransaction for an input that is not complete: the redeem and witness scripts it reveals and
 * the multisig signatures it already carries (each matched to its key by verifying it), so that a signer adds
 * its own signatures to another signer's instead of replacing them (signrawtransactionwithwallet with keys
 * spread over several wallets).
 */
final class InputSignatureData {
    private InputSignatureData() {
    }

    static void fill(Transaction tx, int index, TxOut spent, SigningState state) {
        Optional<List<byte[]>> pushes = pushes(tx.input(index).scriptSig());
        if (pushes.isEmpty()) return;
        List<byte[]> stack = new ArrayList<>(pushes.get());
        Script next = spent.scriptPubKey();
        ScriptType type = ScriptType.classify(next);
        SigVersion sigVersion = SigVersion.BASE;
        if (type == ScriptType.SCRIPTHASH && !stack.isEmpty() && stack.get(stack.size() - 1).length > 0) {
            next = Script.of(stack.remove(stack.size() - 1));
            state.redeemScript = Optional.of(next);
            type = ScriptType.classify(next);
        }
        List<byte[]> witness = tx.input(index).witness().rawItems();
        if (type == ScriptType.WITNESS_V0_SCRIPTHASH && !witness.isEmpty() && witness.get(witness.size() - 1).length > 0) {
            next = Script.of(witness.get(witness.size() - 1));
            state.witnessScript = Optional.of(next);
            stack = new ArrayList<>(witness.subList(0, witness.size() - 1));
            type = ScriptType.classify(next);
            sigVersion = SigVersion.WITNESS_V0;
        }
        if (type != ScriptType.MULTISIG || stack.isEmpty()) return;
        List<ScriptChunk> chunks = next.chunks().orElseThrow();
        List<byte[]> keys = new ArrayList<>();
        for (int k = 1; k < chunks.size() - 2; k++) keys.add(chunks.get(k).data());
        TransactionSignatureChecker checker = new TransactionSignatureChecker(tx, index, spent.value(), new PrecomputedTransactionData(tx, List.of()));
        // Signatures stand in key order, so each search resumes after the last key matched (as Core's).
        int lastMatched = 0;
        for (byte[] sig : stack) {
            if (sig.length == 0) continue;
            for (int k = lastMatched; k < keys.size(); k++) {
                if (checker.checkEcdsaSignature(sig, keys.get(k), next, sigVersion)) {
                    Bytes pub = Bytes.of(keys.get(k));
                    state.signatures.putIfAbsent(Bytes.of(Hashes.hash160(keys.get(k))), new PartialSignature(pub, Bytes.of(sig)));
                    lastMatched = k + 1;
                    break;
                }
            }
        }
    }

    /** The pushed items of a push-only script; empty for a script with other opcodes. */
    private static Optional<List<byte[]>> pushes(Script script) {
        Optional<List<ScriptChunk>> chunks = script.chunks();
        if (chunks.isEmpty()) return Optional.empty();
        List<byte[]> out = new ArrayList<>();
        for (ScriptChunk ch : chunks.get()) {
            int op = ch.opcode();
            if (ch.data() != null) out.add(ch.data());
            else if (op == Opcodes.OP_0) out.add(new byte[0]);
            else if (op == Opcodes.OP_1NEGATE) out.add(new byte[] {(byte) 0x81});
            else if (op >= Opcodes.OP_1 && op <= Opcodes.OP_16) out.add(new byte[] {(byte) (op - Opcodes.OP_1 + 1)});
            else return Optional.empty();
        }
        return Optional.of(out);
    }
}
