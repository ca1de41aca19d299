package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The memory bound of bitcoind's disconnect pool (DisconnectedBlockTransactions) during one reorganisation: the
 * transactions of disconnected blocks are counted, each block's in reverse order after the blocks disconnected before
 * it, with bitcoind's estimate of the memory they hold; past {@link #MAX_BYTES}, the earliest counted (those of the
 * most recent blocks) are given up, so they and their descendants do not return to the mempool.
 */
final class DisconnectedTransactions {
    /** bitcoind's MAX_DISCONNECTED_TX_POOL_BYTES. */
    static final long MAX_BYTES = 20_000_000;

    private record Entry(Sha256Hash txid, long usage) {
    }

    private final Deque<Entry> queued = new ArrayDeque<>();
    private long innerUsage;

    /** Counts a disconnected block's transactions; returns the txids given up to stay within the bound, oldest first. */
    List<Sha256Hash> addBlock(List<Transaction> transactions) {
        for (int i = transactions.size() - 1; i >= 0; i--) {
            Transaction tx = transactions.get(i);
            long usage = recursiveDynamicUsage(tx);
            queued.addLast(new Entry(tx.txid(), usage));
            innerUsage += usage;
        }
        List<Sha256Hash> evicted = new ArrayList<>();
        while (!queued.isEmpty() && dynamicMemoryUsage() > MAX_BYTES) {
            Entry e = queued.removeFirst();
            innerUsage -= e.usage();
            evicted.add(e.txid());
        }
        return evicted;
    }

    /** The reorganisation is over (bitcoind's pool lives for one). */
    void clear() {
        queued.clear();
        innerUsage = 0;
    }

    /** The transactions plus bitcoind's list and hash-map nodes holding them. */
    long dynamicMemoryUsage() {
        return innerUsage + (long) queued.size() * (mallocUsage(LIST_NODE) + mallocUsage(MAP_NODE)) + mallocUsage(8L * queued.size());
    }

    // The sizes of bitcoind's objects on a 64-bit build (memusage.h counts these allocations).
    private static final long TX_IN = 104;
    private static final long TX_OUT = 40;
    private static final long TRANSACTION = 128;
    private static final long SHARED_COUNTER = 16;
    private static final long VECTOR = 24;
    /** std::list node: two links and a CTransactionRef. */
    private static final long LIST_NODE = 32;
    /** unordered_map node: a link, the txid and a list iterator. */
    private static final long MAP_NODE = 48;
    /** prevector<28>: scripts up to 28 bytes are stored inline. */
    private static final int SCRIPT_INLINE = 28;

    /** bitcoind's RecursiveDynamicUsage of a CTransactionRef: its heap allocations as malloc would round them. */
    static long recursiveDynamicUsage(Transaction tx) {
        long mem = mallocUsage(TRANSACTION) + mallocUsage(SHARED_COUNTER);
        mem += mallocUsage(tx.inputs().size() * TX_IN) + mallocUsage(tx.outputs().size() * TX_OUT);
        for (TxIn in : tx.inputs()) {
            mem += scriptUsage(in.scriptSig().length());
            mem += mallocUsage(in.witness().size() * VECTOR);
            for (byte[] item : in.witness().rawItems()) mem += mallocUsage(item.length);
        }
        for (TxOut out : tx.outputs()) mem += scriptUsage(out.scriptPubKey().length());
        return mem;
    }

    private static long scriptUsage(int length) {
        return length <= SCRIPT_INLINE ? 0 : mallocUsage(length);
    }

    /** bitcoind's MallocUsage for 64-bit platforms: 16-byte granules after an 8-byte header, nothing for 0. */
    static long mallocUsage(long bytes) {
        return bytes == 0 ? 0 : ((bytes + 31) >>> 4) << 4;
    }
}
