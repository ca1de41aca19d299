package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The BIP174 Input Finalizer and Transaction Extractor (Core's FinalizePSBT and FinalizeAndExtractPSBT):
 * every input whose signatures and scripts satisfy its output gets its final scriptSig and witness,
 * verified with the script interpreter; the transaction is extracted only when every input is complete.
 */
public final class PsbtFinalizer {
    private PsbtFinalizer() {
    }

    /** The finalized PSBT and whether every input is complete. */
    public record Finalized(Psbt psbt, boolean complete) {
        /** The Extractor's network transaction, when every input is complete. */
        public Optional<Transaction> transaction() {
            return complete ? Optional.of(assemble(psbt)) : Optional.empty();
        }
    }

    public static Finalized finalizeInputs(Psbt psbt) {
        PrecomputedTransactionData data = PsbtSigner.precompute(psbt);
        boolean complete = true;
        Psbt p = psbt;
        for (int i = 0; i < p.inputs().size(); i++) {
            PsbtSigner.Result r = PsbtSigner.signInput(p, i, SigningProvider.NONE, SignatureCreator.NONE, data, true);
            p = r.psbt();
            complete &= r.complete();
        }
        return new Finalized(p, complete);
    }

    /** The network transaction, when finalizing completes every input. */
    public static Optional<Transaction> extract(Psbt psbt) {
        return finalizeInputs(psbt).transaction();
    }

    /** The unsigned transaction with each input's final scriptSig and witness. */
    private static Transaction assemble(Psbt finalized) {
        Transaction tx = finalized.unsignedTx();
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < tx.inputs().size(); i++) {
            PsbtInput in = finalized.input(i);
            TxIn base = tx.input(i);
            ins.add(base.withScriptSig(in.finalScriptSig().orElse(base.scriptSig())).withWitness(in.finalScriptWitness().orElse(base.witness())));
        }
        return new Transaction(tx.version(), ins, tx.outputs(), tx.lockTime());
    }
}
