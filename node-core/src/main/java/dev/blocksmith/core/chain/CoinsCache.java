package dev.blocksmith.core.chain;

import dev.blocksmith.core.store.WriteBatch;
import dev.blocksmith.core.tx.OutPoint;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * bitcoind's CCoinsViewCache over the coins database: connected blocks change coins here, in memory, and the
 * database sees them only when the chain state is flushed ({@link Chainstate#flush}), in one batch with the block
 * the coins describe. A coin created and spent between two flushes never reaches the database (bitcoind's FRESH
 * flag); a spent coin the database holds stays as a dirty "spent" entry until the flush deletes it.
 * <p>
 * Written under the chain lock only. Readers without the lock (the mempool, RPC) may look coins up concurrently:
 * they see the cache, then the database, and never add to the cache, so a coin read from the database while the
 * chain thread spends it cannot come back as unspent.
 */
final class CoinsCache implements UtxoView {
    /**
     * What an entry costs on the heap beyond its script bytes: the map node and table slot, the outpoint with its
     * hash object and array, the entry, coin, output and script objects (64-bit JVM, compressed pointers).
     */
    static final int ENTRY_OVERHEAD_BYTES = 260;

    /** A cached coin; {@code coin} null when spent. */
    private record Entry(Coin coin, boolean dirty, boolean fresh) {
        long bytes() {
            return ENTRY_OVERHEAD_BYTES + (coin == null ? 0 : coin.output().scriptPubKey().length());
        }
    }

    private final ChainDb db;
    private final BooleanSupplier mayFill;
    private final Map<OutPoint, Entry> entries = new ConcurrentHashMap<>();
    private long usageBytes;
    private long dirtyCount;

    /**
     * @param mayFill whether the calling thread may add what it reads from the database (it holds the chain lock)
     */
    CoinsCache(ChainDb db, BooleanSupplier mayFill) {
        this.db = db;
        this.mayFill = mayFill;
    }

    @Override
    public Optional<Coin> coin(OutPoint op) {
        Entry e = entries.get(op);
        if (e != null) return Optional.ofNullable(e.coin());
        Optional<Coin> stored = db.coin(op);
        if (stored.isPresent() && mayFill.getAsBoolean()) put(op, new Entry(stored.get(), false, false));
        return stored;
    }

    /** A new coin (a connected block's output, or one a disconnected block had spent, back from its undo data). */
    void add(OutPoint op, Coin coin, boolean possibleOverwrite) {
        Entry old = entries.get(op);
        // bitcoind's AddCoin: FRESH (the database cannot hold it) unless an overwrite is possible (coinbases: the BIP30
        // duplicates) or a dirty spent entry says the database still holds a version this entry has to replace.
        boolean fresh = !possibleOverwrite && (old == null || !old.dirty());
        put(op, new Entry(coin, true, fresh));
    }

    /** Spends a coin: a FRESH one simply leaves, others stay as a dirty spent entry for the flush to delete. */
    void spend(OutPoint op) {
        Entry old = entries.get(op);
        if (old != null && old.fresh()) {
            remove(op, old);
            return;
        }
        put(op, new Entry(null, true, false));
    }

    private void put(OutPoint op, Entry e) {
        Entry old = entries.put(op, e);
        if (old != null) {
            usageBytes -= old.bytes();
            if (old.dirty()) dirtyCount--;
        }
        usageBytes += e.bytes();
        if (e.dirty()) dirtyCount++;
    }

    private void remove(OutPoint op, Entry old) {
        entries.remove(op);
        usageBytes -= old.bytes();
        if (old.dirty()) dirtyCount--;
    }

    /** Applies a block's changes, as connectBlock made them on its delta over this cache. */
    void apply(UtxoDelta delta) {
        // Coinbase outputs may overwrite (the BIP30 duplicates), as bitcoind's AddCoins for coinbases.
        delta.forEachChange((op, coin) -> {
            if (coin == null) spend(op);
            else add(op, coin, coin.coinbase());
        });
    }

    /** Puts every dirty entry into {@code batch} (the flush commits it with the tip these coins belong to). */
    void writeTo(WriteBatch batch) {
        for (Map.Entry<OutPoint, Entry> e : entries.entrySet()) {
            Entry v = e.getValue();
            if (!v.dirty()) continue;
            if (v.coin() == null) ChainDb.deleteCoin(batch, e.getKey());
            else ChainDb.putCoin(batch, e.getKey(), v.coin());
        }
    }

    /** After a flush committed: empties the cache (bitcoind's flush when full, which frees the memory). */
    void clear() {
        entries.clear();
        usageBytes = 0;
        dirtyCount = 0;
    }

    /** Estimated heap bytes held (bitcoind's DynamicMemoryUsage). */
    long usageBytes() {
        return usageBytes;
    }

    int size() {
        return entries.size();
    }

    long dirtyCount() {
        return dirtyCount;
    }
}
