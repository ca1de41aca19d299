package dev.blocksmith.core.index;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.filter.BlockFilter;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's BlockFilterIndex (-blockfilterindex): the BIP158 filter, its hash and its BIP157 header for every block
 * of the active chain, in a database of its own ({@code <datadir>/indexes/blockfilter/<type>/db}).
 *
 * <p>Records are keyed by block hash, so the filters of blocks a reorg disconnected stay readable (getblockfilter and
 * getcfilters answer for stale blocks, as bitcoind does) and a reorg only moves the best block back. Layout of
 * {@link StoreSegment#INDEX}: {@code 'f' ‖ block hash → filter hash ‖ header ‖ varbytes filter}, {@code 'B' → best
 * block hash}, committed at the chain state flush only when the chain would still know it after a crash
 * ({@link IndexCommits}), as bitcoind's locator. Blocks are read through {@link ChainManager#block} and {@link ChainManager#undo} only.
 *
 * <p>Threads: one background thread catches up with the chain after {@link #start()}; once it reaches the tip the
 * index is synced and connects each new block on the validating thread, so a filter exists as soon as its block is
 * connected. Both write under this object's monitor; neither holds it while waiting for the chain lock.
 */
public final class BlockFilterIndex implements ChainIndex, ChainListener {
    private static final Logger LOG = LoggerFactory.getLogger(BlockFilterIndex.class);
    private static final byte FILTER = 'f';
    private static final byte[] BEST_KEY = {'B'};

    /** One stored filter with its hash and header. */
    public record Entry(BlockFilter filter, Sha256Hash filterHash, Sha256Hash header) {}

    private final BlockFilterType type;
    private final ChainManager chain;
    private final KeyValueStore store;
    private Optional<BlockIndex> best = Optional.empty();
    private volatile boolean synced;
    private volatile boolean closed;
    private Thread syncThread;
    private long lastCommitNanos = System.nanoTime();

    public BlockFilterIndex(BlockFilterType type, ChainManager chain, KeyValueStore store) {
        this.type = type;
        this.chain = chain;
        this.store = store;
        best = store.get(StoreSegment.INDEX, BEST_KEY).map(Sha256Hash::wrap).flatMap(chain::index);
        updatePruneLock();
    }

    /** bitcoind's BaseIndex::SetBestBlockIndex: pruning stays below the blocks this index still has to read. */
    private void updatePruneLock() {
        best.ifPresent(b -> chain.updatePruneLock(name(), b.height()));
    }

    public BlockFilterType type() {
        return type;
    }

    @Override
    public String name() {
        return type.label() + " block filter index";
    }

    @Override
    public synchronized IndexSummary summary() {
        return new IndexSummary(name(), synced, best.map(BlockIndex::height).orElse(-1));
    }

    @Override
    public synchronized java.util.OptionalInt catchUpStartHeight() {
        if (best.isPresent() && best.get() == chain.tip().index()) return java.util.OptionalInt.empty();
        Optional<BlockIndex> at = best;
        while (at.isPresent() && !chain.isOnBestChain(at.get())) at = Optional.ofNullable(at.get().prev());
        return java.util.OptionalInt.of(at.map(BlockIndex::height).orElse(0));
    }

    @Override
    public void start() {
        // bitcoind's BaseIndex is a validation interface subscriber: it hears blocks on the queue's thread.
        chain.addQueuedListener(this);
        syncThread = new Thread(this::catchUp, "index-" + type.label() + "-filters");
        syncThread.setDaemon(true);
        syncThread.start();
    }

    @Override
    public boolean awaitSyncedToTip() {
        if (!synced) return false;
        // New blocks reach a synced index through the validation queue: once it has drained, they are in.
        return IndexCommits.awaitQueue(chain);
    }

    /** The filter of a block this index has seen, on the active chain or not. */
    public Optional<Entry> entry(Sha256Hash blockHash) {
        return store.get(StoreSegment.INDEX, filterKey(blockHash)).map(v -> {
            ByteReader r = new ByteReader(v);
            Sha256Hash filterHash = r.hash();
            Sha256Hash header = r.hash();
            return new Entry(new BlockFilter(type, blockHash, r.varBytes()), filterHash, header);
        });
    }

    /** The catch-up thread: index the next block of the active chain until there is none, then follow events. */
    private void catchUp() {
        try {
            catchUpLoop();
        } catch (RuntimeException e) {
            LOG.error("{}: catching up with the chain failed: {}", name(), e.getMessage(), e);
        }
    }

    private void catchUpLoop() {
        int startHeight = best.map(b -> b.height() + 1).orElse(0);
        if (startHeight <= chain.tip().height()) {
            LOG.info("Syncing {} with block chain from height {}", name(), startHeight);
        }
        long lastLog = System.nanoTime();
        while (!closed) {
            synchronized (this) {
                rewindToActiveChain();
                Optional<BlockIndex> next = best.isEmpty() ? chain.atHeight(0)
                        : chain.atHeight(best.get().height() + 1).filter(n -> n.prev() == best.get());
                if (next.isEmpty()) {
                    synced = true;
                    notifyAll();
                    LOG.info("{} is enabled at height {}", name(), best.map(BlockIndex::height).orElse(-1));
                    return;
                }
                Optional<Block> block = chain.block(next.get().hash());
                if (block.isEmpty()) {
                    LOG.error("{}: block {} is not available (pruned or missing); the index stops at height {}",
                            name(), next.get().hash(), best.map(BlockIndex::height).orElse(-1));
                    return;
                }
                connect(block.get(), next.get());
                if (System.nanoTime() - lastCommitNanos > IndexCommits.SYNC_COMMIT_INTERVAL_NANOS) commit();
            }
            if (System.nanoTime() - lastLog > 30_000_000_000L) {
                lastLog = System.nanoTime();
                LOG.info("Syncing {} with block chain from height {}", name(), best.map(BlockIndex::height).orElse(-1));
            }
        }
    }

    /** After a reorg while the index was behind (or stopped), its best block may have left the active chain. */
    private void rewindToActiveChain() {
        while (best.isPresent() && !chain.isOnBestChain(best.get())) {
            best = Optional.ofNullable(best.get().prev());
        }
        updatePruneLock();
    }

    @Override
    public synchronized void blockConnected(Block block, BlockIndex index) {
        if (!synced || closed) return;
        if (best.isPresent() && best.get() == index) return;
        Optional<BlockIndex> parent = Optional.ofNullable(index.prev());
        if (!parent.equals(best)) {
            // Not the next block for this index (it missed an event): let the thread catch up again.
            LOG.warn("{}: block {} does not extend the index's best block; catching up", name(), index.hash());
            synced = false;
            restartCatchUp();
            return;
        }
        try {
            connect(block, index);
        } catch (RuntimeException e) {
            // The index stops following (getindexinfo shows it unsynced); the chain goes on regardless.
            LOG.error("{}: failed to index block {}: {}", name(), index.hash(), e.getMessage());
            synced = false;
        }
    }

    @Override
    public synchronized void blockDisconnected(Block block, BlockIndex index) {
        if (closed) return;
        // The record stays (keyed by hash): only the best block moves back.
        if (best.isPresent() && best.get() == index) {
            best = Optional.ofNullable(index.prev());
            updatePruneLock();
        }
    }

    /** bitcoind's ChainStateFlushed: the chain's tip is durable now, so the index's best block (at or below it) is. */
    @Override
    public synchronized void chainStateFlushed(BlockIndex tip) {
        commit();
    }

    private void restartCatchUp() {
        syncThread = new Thread(this::catchUp, "index-" + type.label() + "-filters");
        syncThread.setDaemon(true);
        syncThread.start();
    }

    private void connect(Block block, BlockIndex index) {
        BlockUndo undo = index.height() == 0 ? new BlockUndo(List.of())
                : chain.undo(index.hash()).orElseThrow(() -> new IllegalStateException(
                        name() + ": no undo data for block " + index.hash()));
        BlockFilter filter = BlockFilter.basic(block, undo);
        Sha256Hash previousHeader = index.prev() == null ? Sha256Hash.ZERO
                : entry(index.prev().hash()).map(Entry::header).orElseThrow(() -> new IllegalStateException(
                        name() + ": no filter header for the parent of block " + index.hash()));
        Sha256Hash filterHash = filter.hash();
        Sha256Hash header = BlockFilter.headerOf(filterHash, previousHeader);
        byte[] encoded = filter.encoded();
        ByteWriter w = new ByteWriter(64 + 5 + encoded.length);
        w.hash(filterHash).hash(header).varBytes(encoded);
        // The record only: the best block is committed at the chain state flush (see commit()).
        try (WriteBatch b = store.newBatch()) {
            b.put(StoreSegment.INDEX, filterKey(index.hash()), w.toByteArray());
            b.commit();
        }
        best = Optional.of(index);
        updatePruneLock();
    }

    /** Writes the best block, when the chain would still know it after a crash ({@link IndexCommits}). */
    private synchronized void commit() {
        if (best.isEmpty() || !IndexCommits.durable(chain, best.get())) return;
        try (WriteBatch b = store.newBatch()) {
            b.put(StoreSegment.INDEX, BEST_KEY, best.get().hash().bytes());
            b.commit(true);
        }
        lastCommitNanos = System.nanoTime();
    }

    private static byte[] filterKey(Sha256Hash blockHash) {
        byte[] key = new byte[33];
        key[0] = FILTER;
        blockHash.copyInto(key, 1);
        return key;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = syncThread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        IndexCommits.flushChain(chain);
        commit();
        chain.removeListener(this);
        store.sync();
    }
}
