package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import dev.blocksmith.core.tx.OutPoint;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The typed key layout of the chain database over a {@link KeyValueStore}: how block index entries, coins,
 * best-chain heights, the tip and the flags are keyed. Blocks and undo data live in a {@link BlockStore}; the
 * {@code blocks} and {@code undo} segments are read only to move the data of a schema-1 database (Blocksmith
 * before flat files) into files. Every other class reads and writes the chain state through here, block index entries
 * included, so that each change after a flush is journaled ({@link #putIndex}).
 */
public final class ChainDb {
    static final byte[] TIP_KEY = "tip".getBytes(StandardCharsets.US_ASCII);
    static final byte[] VERSION_KEY = "version".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NETWORK_KEY = "network".getBytes(StandardCharsets.US_ASCII);
    /** Present once any block was pruned (bitcoind's "prunedblockfiles" flag); only -reindex clears it. */
    static final byte[] PRUNED_KEY = "pruned".getBytes(StandardCharsets.US_ASCII);
    /** Present while a -reindex has not finished (bitcoind's reindexing flag): the next start goes on with it. */
    static final byte[] REINDEXING_KEY = "reindexing".getBytes(StandardCharsets.US_ASCII);
    /** The block -txindex has indexed up to (bitcoind's index best-block locator); absent before its first sync. */
    static final byte[] TXINDEX_BEST_KEY = "txindex-best".getBytes(StandardCharsets.US_ASCII);
    /** 1: blocks and undo data in the database; 2: in blk/rev files, the block index holding their positions. */
    public static final int SCHEMA_VERSION = 4;
    /**
     * Up to 3: the per-block indexes (-txindex, -addressindex) were written with each connected block, so an unclean
     * shutdown could leave entries of blocks above the flushed tip; from 4 they are written at the flush only.
     */
    static final int SCHEMA_INDEXES_PER_BLOCK = 3;
    /** Before {@link BlockStatus#OPT_WITNESS}: every stored block was received with this node's segwit rules. */
    static final int SCHEMA_BEFORE_WITNESS_FLAG = 2;
    static final int SCHEMA_BLOCKS_IN_DATABASE = 1;

    /**
     * Prefix of the block index journal in META: {@code prefix ‖ block hash -> pre-image} of every entry changed since
     * the last chain state flush (see {@link #putIndex}).
     */
    static final byte[] JOURNAL_PREFIX = "ijournal/".getBytes(StandardCharsets.US_ASCII);

    private final KeyValueStore store;
    /** Hashes whose journal entry a committed batch holds (cleared with the journal). Used under the chain lock. */
    private final java.util.Set<Sha256Hash> journaled = new java.util.HashSet<>();

    public ChainDb(KeyValueStore store) {
        this.store = store;
    }

    public KeyValueStore store() {
        return store;
    }

    public static byte[] coinKey(OutPoint op) {
        byte[] k = new byte[36];
        op.txid().copyInto(k, 0);
        int i = (int) op.index();
        k[32] = (byte) (i >>> 24);
        k[33] = (byte) (i >>> 16);
        k[34] = (byte) (i >>> 8);
        k[35] = (byte) i;
        return k;
    }

    static OutPoint outPointFromKey(byte[] k) {
        byte[] txid = new byte[32];
        System.arraycopy(k, 0, txid, 0, 32);
        long idx = Integer.toUnsignedLong((k[32] & 0xff) << 24 | (k[33] & 0xff) << 16 | (k[34] & 0xff) << 8 | (k[35] & 0xff));
        return new OutPoint(Sha256Hash.wrapOwned(txid), idx);
    }

    static byte[] heightKey(int height) {
        return new byte[] {(byte) (height >>> 24), (byte) (height >>> 16), (byte) (height >>> 8), (byte) height};
    }

    public Optional<Coin> coin(OutPoint op) {
        return store.get(StoreSegment.COINS, coinKey(op)).map(Coin::deserialize);
    }

    /** The schema version written with the database; empty for a database without one (nothing written yet). */
    public Optional<Integer> schemaVersion() {
        return store.get(StoreSegment.META, VERSION_KEY).map(v -> new dev.blocksmith.core.primitives.ByteReader(v).i32le());
    }

    /** A block of a schema-1 database, stored under its hash (read by the migration to files only). */
    Optional<byte[]> legacyBlock(Sha256Hash hash) {
        return store.get(StoreSegment.BLOCKS, hash.bytes());
    }

    /** Undo data of a schema-1 database (read by the migration to files only). */
    Optional<byte[]> legacyUndo(Sha256Hash hash) {
        return store.get(StoreSegment.UNDO, hash.bytes());
    }

    static void deleteLegacyData(WriteBatch b, Sha256Hash hash) {
        b.delete(StoreSegment.BLOCKS, hash.bytes());
        b.delete(StoreSegment.UNDO, hash.bytes());
    }

    /** True while a -reindex is unfinished. */
    public boolean reindexing() {
        return store.contains(StoreSegment.META, REINDEXING_KEY);
    }

    static void putReindexing(WriteBatch b, boolean on) {
        if (on) b.put(StoreSegment.META, REINDEXING_KEY, new byte[] {1});
        else b.delete(StoreSegment.META, REINDEXING_KEY);
    }

    public Optional<Sha256Hash> tip() {
        return store.get(StoreSegment.META, TIP_KEY).map(Sha256Hash::wrapOwned);
    }

    /** True once block data was pruned from this database (bitcoind's m_have_pruned). */
    public boolean havePruned() {
        return store.contains(StoreSegment.META, PRUNED_KEY);
    }

    static void putPrunedFlag(WriteBatch b) {
        b.put(StoreSegment.META, PRUNED_KEY, new byte[] {1});
    }

    public Optional<String> network() {
        return store.get(StoreSegment.META, NETWORK_KEY).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    void forEachIndexEntry(BiConsumer<Sha256Hash, BlockIndex.Stored> visitor) {
        store.scan(StoreSegment.BLOCK_INDEX, new byte[0], (k, v) -> {
            visitor.accept(Sha256Hash.wrapOwned(k), BlockIndex.deserialize(v));
            return true;
        });
    }

    /** The unspent output of {@code txid} with the lowest index, if any is left (one prefix scan). */
    public Optional<Coin> firstUnspentCoinOf(Sha256Hash txid) {
        Coin[] found = new Coin[1];
        store.scan(StoreSegment.COINS, txid.bytes(), (k, v) -> {
            found[0] = Coin.deserialize(v);
            return false;
        });
        return Optional.ofNullable(found[0]);
    }

    /** Visits every coin of the UTXO set in key order until the visitor returns false. */
    public void forEachCoin(CoinVisitor visitor) {
        store.scan(StoreSegment.COINS, new byte[0], (k, v) -> visitor.visit(outPointFromKey(k), Coin.deserialize(v)));
    }

    @FunctionalInterface
    public interface CoinVisitor {
        boolean visit(OutPoint outPoint, Coin coin);
    }

    /**
     * Writes {@code idx}'s block index entry. bitcoind keeps changed entries in memory (its dirty set) and writes them
     * at the chain state flush only; here they are written at once, and the first change of an entry after a flush
     * records the entry as it stood at the flush (its pre-image, or its absence) in the journal, in the same batch.
     * After an unclean shutdown the journal takes the index back to the flush ({@link UncleanShutdownRecovery}), as
     * bitcoind forgets what it had not flushed.
     */
    void putIndex(WriteBatch b, BlockIndex idx) {
        journal(b, idx.hash());
        b.put(StoreSegment.BLOCK_INDEX, idx.hash().bytes(), idx.serialize());
    }

    /**
     * Writes a block index entry that must survive a crash whatever the flushes: pruning clears a block's data flags
     * before deleting its files (bitcoind writes its index before UnlinkPrunedFiles), so restoring a pre-image would
     * name deleted files. A journaled pre-image is updated the same way instead; an "absent" one stays absent.
     */
    void putIndexDurable(WriteBatch b, BlockIndex idx, java.util.function.UnaryOperator<BlockIndex.Stored> sameChange) {
        byte[] key = journalKey(idx.hash());
        store.get(StoreSegment.META, key).ifPresent(pre -> {
            if (pre.length > 1) {
                byte[] stored = java.util.Arrays.copyOfRange(pre, 1, pre.length);
                b.put(StoreSegment.META, key, journalValue(Optional.of(sameChange.apply(BlockIndex.deserialize(stored)).serialize())));
            }
        });
        b.put(StoreSegment.BLOCK_INDEX, idx.hash().bytes(), idx.serialize());
    }

    /** Writes an entry without journaling it, in a batch that is itself a flush (it writes the tip, synced). */
    static void putIndexFlushed(WriteBatch b, BlockIndex idx) {
        b.put(StoreSegment.BLOCK_INDEX, idx.hash().bytes(), idx.serialize());
    }

    /** Records the entry of {@code hash} as it stands in the database, unless it is journaled since the last flush. */
    private void journal(WriteBatch b, Sha256Hash hash) {
        if (journaled.contains(hash)) return;
        byte[] key = journalKey(hash);
        // Checked on disk: an entry is taken as journaled only once a committed batch holds it. A second write of the
        // same entry in an uncommitted batch records the same pre-image again, which is harmless.
        if (store.contains(StoreSegment.META, key)) {
            journaled.add(hash);
            return;
        }
        b.put(StoreSegment.META, key, journalValue(store.get(StoreSegment.BLOCK_INDEX, hash.bytes())));
    }

    /** Whether entries changed since the last flush are journaled: the node did not shut down cleanly. */
    boolean hasJournal() {
        boolean[] any = {false};
        store.scan(StoreSegment.META, JOURNAL_PREFIX, (k, v) -> {
            any[0] = true;
            return false;
        });
        return any[0];
    }

    /** The journal: block hash -> the entry's bytes at the last flush, empty for an entry that did not exist. */
    java.util.Map<Sha256Hash, Optional<byte[]>> journalEntries() {
        java.util.Map<Sha256Hash, Optional<byte[]>> out = new java.util.HashMap<>();
        store.scan(StoreSegment.META, JOURNAL_PREFIX, (k, v) -> {
            Sha256Hash hash = Sha256Hash.wrapOwned(java.util.Arrays.copyOfRange(k, JOURNAL_PREFIX.length, k.length));
            out.put(hash, v.length > 1 ? Optional.of(java.util.Arrays.copyOfRange(v, 1, v.length)) : Optional.empty());
            return true;
        });
        return out;
    }

    /** Empties the journal in {@code b} (a flush, or the recovery that applied it): the index on disk is the flushed one. */
    void clearJournal(WriteBatch b) {
        store.scan(StoreSegment.META, JOURNAL_PREFIX, (k, v) -> {
            b.delete(StoreSegment.META, k);
            return true;
        });
        journaled.clear();
    }

    private static byte[] journalKey(Sha256Hash hash) {
        byte[] k = new byte[JOURNAL_PREFIX.length + 32];
        System.arraycopy(JOURNAL_PREFIX, 0, k, 0, JOURNAL_PREFIX.length);
        hash.copyInto(k, JOURNAL_PREFIX.length);
        return k;
    }

    /** 0 for an entry that did not exist, 1 followed by the entry's bytes otherwise. */
    private static byte[] journalValue(Optional<byte[]> pre) {
        if (pre.isEmpty()) return new byte[] {0};
        byte[] v = new byte[pre.get().length + 1];
        v[0] = 1;
        System.arraycopy(pre.get(), 0, v, 1, pre.get().length);
        return v;
    }

    /** Records {@code idx} as the best chain's block at its height. */
    static void putHeight(WriteBatch b, BlockIndex idx) {
        b.put(StoreSegment.HEIGHTS, heightKey(idx.height()), idx.hash().bytes());
    }

    static void deleteHeight(WriteBatch b, int height) {
        b.delete(StoreSegment.HEIGHTS, heightKey(height));
    }

    /** Visits the hashes of the best-chain height entries, lowest height first. */
    void forEachHeightEntry(java.util.function.Consumer<Sha256Hash> visitor) {
        store.scan(StoreSegment.HEIGHTS, new byte[0], (k, v) -> {
            visitor.accept(Sha256Hash.wrap(v));
            return true;
        });
    }

    /** -txindex entries of {@code block}'s transactions: txid -> block hash and position ({@code index.TxIndex}). */
    public static void putTxIndexEntries(WriteBatch b, dev.blocksmith.core.block.Block block, BlockIndex idx) {
        for (int t = 0; t < block.transactions().size(); t++) {
            b.put(StoreSegment.TX_INDEX, block.transactions().get(t).txid().bytes(),
                    new ByteWriter(36).hash(idx.hash()).i32le(t).toByteArray());
        }
    }

    public static void deleteTxIndexEntry(WriteBatch b, Sha256Hash txid) {
        b.delete(StoreSegment.TX_INDEX, txid.bytes());
    }

    /** Where -txindex found {@code txid}, read from {@code entries} (the database, or a view in front of it). */
    public static Optional<TxLocation> txLocation(dev.blocksmith.core.store.KeyValueView entries, Sha256Hash txid) {
        return entries.get(StoreSegment.TX_INDEX, txid.bytes()).map(v -> {
            dev.blocksmith.core.primitives.ByteReader r = new dev.blocksmith.core.primitives.ByteReader(v);
            return new TxLocation(r.hash(), r.i32le());
        });
    }

    /** The block -txindex has indexed up to; empty before its first sync. */
    public Optional<Sha256Hash> txIndexBest() {
        return store.get(StoreSegment.META, TXINDEX_BEST_KEY).map(Sha256Hash::wrapOwned);
    }

    public static void putTxIndexBest(WriteBatch b, BlockIndex idx) {
        b.put(StoreSegment.META, TXINDEX_BEST_KEY, idx.hash().bytes());
    }

    /** Writes a stored entry as it is, unjournaled (the schema migrations, which run before the chain is loaded). */
    static void putIndexEntry(WriteBatch b, BlockIndex.Stored entry) {
        b.put(StoreSegment.BLOCK_INDEX, entry.header().hash().bytes(), entry.serialize());
    }

    /** Puts back a block index entry's stored bytes (the unclean-shutdown recovery applying its journal). */
    static void restoreIndexEntry(WriteBatch b, Sha256Hash hash, Optional<byte[]> entry) {
        if (entry.isPresent()) b.put(StoreSegment.BLOCK_INDEX, hash.bytes(), entry.get());
        else b.delete(StoreSegment.BLOCK_INDEX, hash.bytes());
    }

    /**
     * Drops what {@code -reindex-chainstate} rebuilds (bitcoind wipes its chainstate database): the UTXO set, legacy
     * undo data, the best chain's heights, the address and tx indexes, and the tip; and, with {@code dropBlockIndex}
     * ({@code -reindex}), the block index and the pruned flag, setting the reindexing flag first. Kept block index
     * entries keep only {@code keptStatus} of their status bits.
     */
    void wipeChainState(boolean dropBlockIndex, int keptStatus) {
        for (StoreSegment seg : new StoreSegment[] {StoreSegment.COINS, StoreSegment.UNDO, StoreSegment.HEIGHTS,
                StoreSegment.ADDR_INDEX, StoreSegment.TX_INDEX}) {
            deleteAll(seg);
        }
        // The journal describes the block index of an unclean shutdown: -reindex drops that index, -reindex-chainstate
        // keeps its entries as they are (the blocks they name are in the files: synced at a flush, or written since).
        try (WriteBatch b = store.newBatch()) {
            clearJournal(b);
            b.commit();
        }
        if (dropBlockIndex) {
            try (WriteBatch b = store.newBatch()) {
                putReindexing(b, true);
                b.commit(true);
            }
            deleteAll(StoreSegment.BLOCK_INDEX);
            try (WriteBatch b = store.newBatch()) {
                b.delete(StoreSegment.META, PRUNED_KEY);
                b.commit();
            }
        } else {
            java.util.List<byte[][]> updates = new java.util.ArrayList<>();
            store.scan(StoreSegment.BLOCK_INDEX, new byte[0], (k, v) -> {
                BlockIndex.Stored st = BlockIndex.deserialize(v);
                updates.add(new byte[][] {k, st.withStatus(st.status() & keptStatus).serialize()});
                return true;
            });
            try (WriteBatch b = store.newBatch()) {
                for (byte[][] u : updates) b.put(StoreSegment.BLOCK_INDEX, u[0], u[1]);
                b.commit();
            }
        }
    }

    /** Forgets the tip (the last step of a wipe: until then a crash finds the old, consistent state). */
    void deleteTip() {
        try (WriteBatch b = store.newBatch()) {
            b.delete(StoreSegment.META, TIP_KEY);
            b.commit(true);
        }
    }

    private void deleteAll(StoreSegment seg) {
        while (true) {
            java.util.List<byte[]> keys = new java.util.ArrayList<>();
            store.scan(seg, new byte[0], (k, v) -> {
                keys.add(k);
                return keys.size() < 10_000;
            });
            if (keys.isEmpty()) return;
            try (WriteBatch b = store.newBatch()) {
                for (byte[] k : keys) b.delete(seg, k);
                b.commit();
            }
        }
    }

    static void putCoin(WriteBatch b, OutPoint op, Coin c) {
        b.put(StoreSegment.COINS, coinKey(op), c.serialize());
    }

    static void deleteCoin(WriteBatch b, OutPoint op) {
        b.delete(StoreSegment.COINS, coinKey(op));
    }

    static void putTip(WriteBatch b, BlockIndex tip) {
        b.put(StoreSegment.META, TIP_KEY, tip.hash().bytes());
    }

    static void putMeta(WriteBatch b, String network) {
        b.put(StoreSegment.META, NETWORK_KEY, network.getBytes(StandardCharsets.UTF_8));
        putSchemaVersion(b, SCHEMA_VERSION);
    }

    static void putSchemaVersion(WriteBatch b, int version) {
        b.put(StoreSegment.META, VERSION_KEY, new ByteWriter(4).i32le(version).toByteArray());
    }
}
