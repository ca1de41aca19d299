package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mempool's mutable record of one transaction: its links to in-mempool parents and children and
 * the running ancestor/descendant aggregates (Core's CTxMemPoolEntry). Only touched under the
 * mempool lock.
 */
final class PoolEntry {
    /** Fixed per-entry bookkeeping (maps, links, this object) in the memory-use estimate. */
    private static final int ENTRY_OVERHEAD = 400;
    private static final int PER_INPUT_OVERHEAD = 120;
    private static final int PER_OUTPUT_OVERHEAD = 64;

    final Transaction tx;
    final Sha256Hash txid;
    final Sha256Hash wtxid;
    final long fee;
    final int vsize;
    final int weight;
    final long sigopCost;
    final long time;
    final int height;
    final boolean spendsCoinbase;
    final long usage;
    final long sequence;
    /**
     * The mempool's relay sequence when this entry was added (bitcoind's entry_sequence); 0 for a
     * transaction returning from a disconnected block, which peers may fetch before any announcement.
     */
    long relaySequence;
    long delta;

    final Set<PoolEntry> parents = new LinkedHashSet<>();
    final Set<PoolEntry> children = new LinkedHashSet<>();

    long ancestorCount;
    long ancestorSize;
    long ancestorFees;
    long ancestorSigops;
    long descendantCount;
    long descendantSize;
    long descendantFees;

    PoolEntry(Transaction tx, long fee, int vsize, long sigopCost, long time, int height, boolean spendsCoinbase, long delta,
              long sequence) {
        this.tx = tx;
        this.txid = tx.txid();
        this.wtxid = tx.wtxid();
        this.fee = fee;
        this.vsize = vsize;
        this.weight = tx.weight();
        this.sigopCost = sigopCost;
        this.time = time;
        this.height = height;
        this.spendsCoinbase = spendsCoinbase;
        this.delta = delta;
        this.sequence = sequence;
        // An estimate of heap use: the serialized transaction plus per-input/output object overhead.
        this.usage = tx.totalSize() + ENTRY_OVERHEAD + (long) PER_INPUT_OVERHEAD * tx.inputs().size()
                + (long) PER_OUTPUT_OVERHEAD * tx.outputs().size();
        resetAggregates();
    }

    long modifiedFee() {
        return fee + delta;
    }

    void resetAggregates() {
        ancestorCount = 1;
        ancestorSize = vsize;
        ancestorFees = modifiedFee();
        ancestorSigops = sigopCost;
        descendantCount = 1;
        descendantSize = vsize;
        descendantFees = modifiedFee();
    }

    /** BIP125 signal: any input with nSequence below 0xfffffffe. */
    boolean signalsRbf() {
        for (TxIn in : tx.inputs()) {
            if (in.sequence() < TxIn.SEQUENCE_FINAL - 1) return true;
        }
        return false;
    }

    List<Sha256Hash> parentTxids() {
        List<Sha256Hash> out = new ArrayList<>(parents.size());
        for (PoolEntry p : parents) out.add(p.txid);
        return out;
    }

    List<Sha256Hash> childTxids() {
        List<Sha256Hash> out = new ArrayList<>(children.size());
        for (PoolEntry c : children) out.add(c.txid);
        return out;
    }

    @Override
    public String toString() {
        return txid.toString();
    }
}
