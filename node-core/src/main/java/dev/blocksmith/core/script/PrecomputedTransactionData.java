package dev.blocksmith.core.script;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import java.util.Optional;

/**
 * Per-transaction hashes shared by the signature checks of all its inputs, so that signature hashing
 * stays linear in the transaction size (the quadratic-hashing fix of BIP143 and BIP341).
 * BIP143 values are double SHA-256 of the serialized prevouts, sequences and outputs; BIP341 values are
 * single SHA-256 of the same plus the spent amounts and scripts, which needs every spent output.
 */
public final class PrecomputedTransactionData {
    private final List<TxOut> spentOutputs;
    private final boolean spentOutputsReady;
    // BIP341 single-SHA256 values.
    private final byte[] prevoutsSha;
    private final byte[] sequencesSha;
    private final byte[] outputsSha;
    private final byte[] spentAmountsSha;
    private final byte[] spentScriptsSha;
    // BIP143 double-SHA256 values.
    private final byte[] hashPrevouts;
    private final byte[] hashSequence;
    private final byte[] hashOutputs;

    /**
     * @param spentOutputs the outputs spent by each input, in input order; pass an empty list when
     *     they are not known (taproot signature hashing is then unavailable, as in Core)
     */
    public PrecomputedTransactionData(Transaction tx, List<TxOut> spentOutputs) {
        this.spentOutputsReady = !spentOutputs.isEmpty();
        if (spentOutputsReady && spentOutputs.size() != tx.inputs().size()) {
            throw new IllegalArgumentException("spent outputs do not match the inputs");
        }
        this.spentOutputs = List.copyOf(spentOutputs);
        ByteWriter prevouts = new ByteWriter(36 * tx.inputs().size());
        ByteWriter sequences = new ByteWriter(4 * tx.inputs().size());
        for (TxIn in : tx.inputs()) {
            in.prevout().write(prevouts);
            sequences.u32le(in.sequence());
        }
        ByteWriter outputs = new ByteWriter(34 * tx.outputs().size());
        for (TxOut out : tx.outputs()) out.write(outputs);
        this.prevoutsSha = Hashes.sha256(prevouts.toByteArray());
        this.sequencesSha = Hashes.sha256(sequences.toByteArray());
        this.outputsSha = Hashes.sha256(outputs.toByteArray());
        this.hashPrevouts = Hashes.sha256(prevoutsSha);
        this.hashSequence = Hashes.sha256(sequencesSha);
        this.hashOutputs = Hashes.sha256(outputsSha);
        if (spentOutputsReady) {
            ByteWriter amounts = new ByteWriter(8 * spentOutputs.size());
            ByteWriter scripts = new ByteWriter(26 * spentOutputs.size());
            for (TxOut o : spentOutputs) {
                amounts.i64le(o.value());
                scripts.varBytes(o.scriptPubKey().rawBytes());
            }
            this.spentAmountsSha = Hashes.sha256(amounts.toByteArray());
            this.spentScriptsSha = Hashes.sha256(scripts.toByteArray());
        } else {
            this.spentAmountsSha = null;
            this.spentScriptsSha = null;
        }
    }

    /** True when every spent output is known, which BIP341 signature hashing requires. */
    public boolean bip341Ready() {
        return spentOutputsReady;
    }

    public Optional<TxOut> spentOutput(int index) {
        return spentOutputsReady ? Optional.of(spentOutputs.get(index)) : Optional.empty();
    }

    byte[] prevoutsSha() {
        return prevoutsSha;
    }

    byte[] sequencesSha() {
        return sequencesSha;
    }

    byte[] outputsSha() {
        return outputsSha;
    }

    byte[] spentAmountsSha() {
        return spentAmountsSha;
    }

    byte[] spentScriptsSha() {
        return spentScriptsSha;
    }

    byte[] hashPrevouts() {
        return hashPrevouts;
    }

    byte[] hashSequence() {
        return hashSequence;
    }

    byte[] hashOutputs() {
        return hashOutputs;
    }
}
