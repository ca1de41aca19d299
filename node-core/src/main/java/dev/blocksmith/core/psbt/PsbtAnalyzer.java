package dev.blocksmith.core.psbt;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.SigOpCounter;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * analyzepsbt's engine (Core's AnalyzePSBT): walks the inputs, asks the finalizer what each one lacks,
 * and, when every UTXO is known, computes the fee and estimates the finished transaction's virtual size by
 * completing every input with placeholder signatures of the final sizes.
 */
public final class PsbtAnalyzer {
    /** Core's DEFAULT_BYTES_PER_SIGOP: the virtual bytes a signature operation counts as in policy. */
    static final int BYTES_PER_SIGOP = 20;

    private PsbtAnalyzer() {
    }

    public static PsbtAnalysis analyze(Psbt psbt) {
        Transaction tx = psbt.unsignedTx();
        PrecomputedTransactionData data = PsbtSigner.precompute(psbt);
        List<PsbtAnalysis.InputAnalysis> inputs = new ArrayList<>();
        boolean calcFee = true;
        long inAmount = 0;
        Psbt work = psbt;
        for (int i = 0; i < tx.inputs().size(); i++) {
            PsbtInput input = work.input(i);
            boolean hasUtxo;
            boolean isFinal = false;
            PsbtRole next = PsbtRole.EXTRACTOR;
            MissingData missing = MissingData.NONE;
            Optional<TxOut> utxo = work.spentOutput(i);
            if (utxo.isPresent()) {
                long v = utxo.get().value();
                if (!Amount.inMoneyRange(v) || !Amount.inMoneyRange(inAmount + v)) {
                    return PsbtAnalysis.invalid("PSBT is not valid. Input " + i + " has invalid value");
                }
                inAmount += v;
                hasUtxo = true;
            } else {
                if (input.nonWitnessUtxo().isPresent() && tx.input(i).prevout().index() >= input.nonWitnessUtxo().get().outputs().size()) {
                    return PsbtAnalysis.invalid("PSBT is not valid. Input " + i + " specifies invalid prevout");
                }
                hasUtxo = false;
                next = PsbtRole.UPDATER;
                calcFee = false;
            }
            if (utxo.isPresent() && utxo.get().scriptPubKey().isUnspendable()) {
                return PsbtAnalysis.invalid("PSBT is not valid. Input " + i + " spends unspendable output");
            }
            if (!PsbtSigner.isSignedAndVerified(work, i, data)) {
                PsbtSigner.Result r = PsbtSigner.signInput(work, i, SigningProvider.NONE, SignatureCreator.NONE, data, true, false);
                work = r.psbt();
                if (!r.complete()) {
                    missing = r.missing();
                    boolean onlySignatures = missing.pubkeys().isEmpty() && missing.redeemScript().isEmpty()
                            && missing.witnessScript().isEmpty() && !missing.signatures().isEmpty();
                    next = onlySignatures ? PsbtRole.SIGNER : PsbtRole.UPDATER;
                } else {
                    next = PsbtRole.FINALIZER;
                }
            } else if (utxo.isPresent()) {
                isFinal = true;
            }
            inputs.add(new PsbtAnalysis.InputAnalysis(hasUtxo, isFinal, missing, next));
        }
        PsbtRole next = PsbtRole.EXTRACTOR;
        for (PsbtAnalysis.InputAnalysis a : inputs) if (a.next().compareTo(next) < 0) next = a.next();
        if (!calcFee) return new PsbtAnalysis(inputs, Optional.empty(), Optional.empty(), Optional.empty(), next, Optional.empty());

        long outAmount = 0;
        for (TxOut o : tx.outputs()) {
            if (!Amount.inMoneyRange(o.value()) || !Amount.inMoneyRange(outAmount + o.value())) {
                return PsbtAnalysis.invalid("PSBT is not valid. Output amount invalid");
            }
            outAmount += o.value();
        }
        long fee = inAmount - outAmount;
        Optional<Integer> vsize = estimateVsize(work);
        Optional<Long> rate = vsize.map(v -> fee * 1000 / v);
        return new PsbtAnalysis(inputs, vsize, rate, Optional.of(fee), next, Optional.empty());
    }

    /**
     * The virtual size once every input is complete: inputs that are not are completed with placeholder
     * signatures; if one cannot be, there is no estimate. Signature operations count as in policy
     * (Core's GetVirtualTransactionSize with the sigop cost).
     */
    private static Optional<Integer> estimateVsize(Psbt psbt) {
        Transaction tx = psbt.unsignedTx();
        PrecomputedTransactionData noData = new PrecomputedTransactionData(tx, List.of());
        List<TxIn> ins = new ArrayList<>();
        List<TxOut> spent = new ArrayList<>();
        Psbt work = psbt;
        for (int i = 0; i < tx.inputs().size(); i++) {
            // Inputs already final (including those just finalized above) count with their final scriptSig and witness.
            if (!work.input(i).isFinalized()) {
                PsbtSigner.Result r = PsbtSigner.signInput(work, i, SigningProvider.NONE, (t, index, amount, d) -> DummySignatures.INSTANCE,
                        noData, true, false);
                if (!r.complete()) return Optional.empty();
                work = r.psbt();
            }
            Optional<TxOut> utxo = work.spentOutput(i);
            if (utxo.isEmpty()) return Optional.empty();
            PsbtInput in = work.input(i);
            TxIn base = tx.input(i);
            ins.add(base.withScriptSig(in.finalScriptSig().orElse(base.scriptSig())).withWitness(in.finalScriptWitness().orElse(base.witness())));
            spent.add(utxo.get());
        }
        Transaction signed = new Transaction(tx.version(), ins, tx.outputs(), tx.lockTime());
        long sigopCost = SigOpCounter.transactionCost(signed, spent, ScriptFlags.STANDARD);
        long weight = Math.max(signed.weight(), sigopCost * BYTES_PER_SIGOP);
        return Optional.of((int) ((weight + 3) / 4));
    }
}
