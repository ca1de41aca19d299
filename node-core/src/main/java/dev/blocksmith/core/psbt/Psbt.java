package dev.blocksmith.core.psbt;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A version 0 Partially Signed Bitcoin Transaction (BIP174): the unsigned transaction, the global
 * map and one map per input and output. Immutable; the roles of BIP174 (creator, updater, signer,
 * combiner, finalizer, extractor) return new instances.
 *
 * @param xpubs PSBT_GLOBAL_XPUB records in bitcoind's order ({@link GlobalXpub#ORDER})
 */
public record Psbt(Transaction unsignedTx, List<GlobalXpub> xpubs, SortedSet<ProprietaryRecord> proprietary,
                   SortedMap<Bytes, Bytes> unknown, List<PsbtInput> inputs, List<PsbtOutput> outputs) {
    /** The only version bitcoind reads and writes (PSBT_HIGHEST_VERSION). */
    public static final int VERSION = 0;

    public Psbt {
        for (TxIn in : unsignedTx.inputs()) {
            // BIP174: the unsigned transaction's scriptSigs and witnesses must be empty.
            if (!in.scriptSig().isEmpty() || !in.witness().isEmpty()) {
                throw new IllegalArgumentException("the unsigned transaction has a scriptSig or witness");
            }
        }
        if (inputs.size() != unsignedTx.inputs().size() || outputs.size() != unsignedTx.outputs().size()) {
            throw new IllegalArgumentException("input and output maps must match the unsigned transaction");
        }
        List<GlobalXpub> sorted = new ArrayList<>(xpubs);
        sorted.sort(GlobalXpub.ORDER);
        xpubs = List.copyOf(sorted);
        proprietary = Collections.unmodifiableSortedSet(new TreeSet<>(proprietary));
        unknown = PsbtInput.frozen(unknown);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The Creator role: a PSBT with empty maps for {@code tx}, whose scriptSigs and witnesses must be empty. */
    public static Psbt create(Transaction tx) {
        return new Psbt(tx, List.of(), Collections.emptySortedSet(), Collections.emptySortedMap(),
                Collections.nCopies(tx.inputs().size(), PsbtInput.EMPTY), Collections.nCopies(tx.outputs().size(), PsbtOutput.EMPTY));
    }

    public PsbtInput input(int i) {
        return inputs.get(i);
    }

    public PsbtOutput output(int i) {
        return outputs.get(i);
    }

    public Psbt withInput(int i, PsbtInput in) {
        List<PsbtInput> l = new ArrayList<>(inputs);
        l.set(i, in);
        return new Psbt(unsignedTx, xpubs, proprietary, unknown, l, outputs);
    }

    public Psbt withOutput(int i, PsbtOutput out) {
        List<PsbtOutput> l = new ArrayList<>(outputs);
        l.set(i, out);
        return new Psbt(unsignedTx, xpubs, proprietary, unknown, inputs, l);
    }

    /**
     * The output input {@code i} spends, as Core's GetInputUTXO: the non-witness UTXO when present
     * (checked against the outpoint), else the witness UTXO.
     */
    public Optional<TxOut> spentOutput(int i) {
        PsbtInput in = inputs.get(i);
        TxIn txIn = unsignedTx.input(i);
        if (in.nonWitnessUtxo().isPresent()) {
            Transaction prev = in.nonWitnessUtxo().get();
            long n = txIn.prevout().index();
            if (n >= prev.outputs().size() || !prev.txid().equals(txIn.prevout().txid())) return Optional.empty();
            return Optional.of(prev.output((int) n));
        }
        return in.witnessUtxo();
    }

    /** Every spent output, when all are known (taproot signature hashes need them all). */
    public Optional<List<TxOut>> allSpentOutputs() {
        List<TxOut> all = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Optional<TxOut> o = spentOutput(i);
            if (o.isEmpty()) return Optional.empty();
            all.add(o.get());
        }
        return Optional.of(all);
    }

    /**
     * decodepsbt's "fee": inputs minus outputs when every input has a UTXO and every amount (and running
     * sum) is within the money range; the non-witness UTXO wins when both are given, as in bitcoind.
     */
    public Optional<Long> fee() {
        long in = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Optional<TxOut> utxo = utxoForFee(i);
            if (utxo.isEmpty()) return Optional.empty();
            long v = utxo.get().value();
            if (!Amount.inMoneyRange(v) || !Amount.inMoneyRange(in + v)) return Optional.empty();
            in += v;
        }
        long out = 0;
        for (TxOut o : unsignedTx.outputs()) {
            if (!Amount.inMoneyRange(o.value()) || !Amount.inMoneyRange(out + o.value())) return Optional.empty();
            out += o.value();
        }
        return Optional.of(in - out);
    }

    private Optional<TxOut> utxoForFee(int i) {
        PsbtInput in = inputs.get(i);
        if (in.nonWitnessUtxo().isPresent()) {
            Transaction prev = in.nonWitnessUtxo().get();
            long n = unsignedTx.input(i).prevout().index();
            return n < prev.outputs().size() ? Optional.of(prev.output((int) n)) : Optional.empty();
        }
        return in.witnessUtxo();
    }

    /**
     * Core's RemoveUnnecessaryTransactions: when every input spends a segwit v1+ output, whose signature
     * commits to every spent amount (BIP341), the non-witness UTXOs are dead weight and are dropped,
     * unless the signatures are ANYONECANPAY, which commit to their own input only.
     */
    public Psbt withoutUnneededNonWitnessUtxos(int sighashType) {
        if ((sighashType & 0x80) == 0x80) return this;
        for (PsbtInput in : inputs) {
            Optional<TxOut> w = in.witnessUtxo();
            if (w.isEmpty() || !w.get().scriptPubKey().isWitnessProgram() || w.get().scriptPubKey().witnessVersion() == 0) return this;
        }
        List<PsbtInput> stripped = inputs.stream().map(in -> in.toBuilder().nonWitnessUtxo(Optional.empty()).build()).toList();
        return new Psbt(unsignedTx, xpubs, proprietary, unknown, stripped, outputs);
    }

    /** Whether every input carries a final scriptSig or witness (Core's CountPSBTUnsignedInputs is zero). */
    public boolean allInputsFinalized() {
        return inputs.stream().allMatch(PsbtInput::isFinalized);
    }
}
