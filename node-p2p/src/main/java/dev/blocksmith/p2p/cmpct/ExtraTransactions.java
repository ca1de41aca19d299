package dev.blocksmith.p2p.cmpct;

import dev.blocksmith.core.tx.Transaction;

import java.util.ArrayList;
import java.util.List;

/**
 * bitcoind's vExtraTxnForCompact: a ring of the last transactions that did not enter (or left) the mempool but
 * may still be in the next block - orphans, rejected ones, replaced ones - consulted when a compact block is
 * reconstructed. Its size is -blockreconstructionextratxn (default 100); 0 keeps none. Event-loop only.
 */
public final class ExtraTransactions {
    /** bitcoind's DEFAULT_BLOCK_RECONSTRUCTION_EXTRA_TXN. */
    public static final int DEFAULT_CAPACITY = 100;
    /** Larger transactions are not kept (bitcoind adds only those using under 100 kB of memory). */
    static final int MAX_TX_SIZE = 100_000;

    private final int capacity;
    /** Grows to the capacity, then each new transaction overwrites the oldest (at {@code next}). */
    private final List<Transaction> ring = new ArrayList<>();
    private int next;

    public ExtraTransactions(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("negative capacity");
        this.capacity = capacity;
    }

    public void add(Transaction tx) {
        if (capacity == 0 || tx.totalSize() >= MAX_TX_SIZE) return;
        if (ring.size() < capacity) {
            ring.add(tx);
        } else {
            ring.set(next, tx);
        }
        next = (next + 1) % capacity;
    }

    /** The kept transactions, oldest first. */
    public List<Transaction> snapshot() {
        List<Transaction> out = new ArrayList<>(ring.size());
        int start = ring.size() < capacity ? 0 : next;
        for (int i = 0; i < ring.size(); i++) out.add(ring.get((start + i) % ring.size()));
        return out;
    }

    public int size() {
        return ring.size();
    }
}
