package dev.blocksmith.core.index;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.crypto.MuHash3072;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's CoinStatsIndex (-coinstatsindex): the UTXO set statistics after every block of the active chain (its
 * MuHash3072, output count, bogosize, amount, subsidy and unspendable totals, what the block moved), so that
 * gettxoutsetinfo answers for any block, in a database of its own ({@code <datadir>/indexes/coinstats/db}).
 *
 * <p>Layout of {@link StoreSegment#INDEX}: {@code 's' ‖ block hash → CoinStats}, {@code 'B' → best block hash},
 * {@code 'M' → the MuHash3072 of the set at the best block} (384 bytes). Each block writes its record; the best block
 * and its MuHash are committed together when the chain state is flushed, every 30 seconds of catching up and at
 * close, and only when the chain would still know the best block after a crash ({@link IndexCommits}): after an
 * unclean shutdown the index resumes from its last commit, as bitcoind's does. Records are keyed by hash: a block a
 * reorg disconnected keeps its statistics (gettxoutsetinfo by hash answers for it, as bitcoind's copy to its hash index does), and only the
 * running MuHash is taken back, block by block from its undo data (bitcoind's Rewind/ReverseBlock).
 *
 * <p>Threads as {@link BlockFilterIndex}: a background thread catches up with the chain after {@link #start()} (once a
 * {@code -reindex} has finished, as bitcoind starts its index sync after the import), then the index follows each
 * block on the validating thread. Both work under this object's monitor.
 */
public final class CoinStatsIndex implements ChainIndex, ChainListener {
    private static final Logger LOG = LoggerFactory.getLogger(CoinStatsIndex.class);
    public static final String NAME = "coinstatsindex";
    private static final byte STATS = 's';
    private static final byte[] BEST_KEY = {'B'};
    private static final byte[] MUHASH_KEY = {'M'};

    private final ChainManager chain;
    private final KeyValueStore store;
    private Optional<BlockIndex> best;
    private Optional<CoinStats> bestStats = Optional.empty();
    private MuHash3072 set = new MuHash3072();
    private volatile boolean synced;
    private volatile boolean closed;
    private Thread syncThread;
    private long lastCommitNanos = System.nanoTime();

    /**
     * Opens the index at the best block it committed. A best block the chain does not know (a database of another
     * chain) or whose record is missing starts the index over from genesis.
     */
    public CoinStatsIndex(ChainManager chain, KeyValueStore store) {
        this.chain = chain;
        this.store = store;
        this.best = store.get(StoreSegment.INDEX, BEST_KEY).map(Sha256Hash::wrap).flatMap(chain::index);
        if (best.isPresent()) {
            Optional<byte[]> state = store.get(StoreSegment.INDEX, MUHASH_KEY);
            bestStats = stats(best.get().hash());
            if (state.isEmpty() || bestStats.isEmpty()) {
                LOG.warn("{}: the state of best block {} cannot be read; building the index again", NAME, best.get().hash());
                best = Optional.empty();
                bestStats = Optional.empty();
            } else {
                set = MuHash3072.fromState(state.get());
            }
        }
        updatePruneLock();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized IndexSummary summary() {
        return new IndexSummary(NAME, synced, best.map(BlockIndex::height).orElse(-1));
    }

    /** The statistics after a block this index has seen, on the active chain or not (bitcoind's LookUpStats). */
    public Optional<CoinStats> stats(Sha256Hash blockHash) {
        return store.get(StoreSegment.INDEX, statsKey(blockHash)).map(CoinStats::deserialize);
    }

    @Override
    public synchronized OptionalInt catchUpStartHeight() {
        if (best.isPresent() && best.get() == chain.tip().index()) return OptionalInt.empty();
        Optional<BlockIndex> at = best;
        while (at.isPresent() && !chain.isOnBestChain(at.get())) at = Optional.ofNullable(at.get().prev());
        return OptionalInt.of(at.map(BlockIndex::height).orElse(0));
    }

    @Override
    public void start() {
        // bitcoind's BaseIndex is a validation interface subscriber: it hears blocks on the queue's thread.
        chain.addQueuedListener(this);
        restartCatchUp();
    }

    @Override
    public boolean awaitSyncedToTip() {
        if (!synced) return false;
        return IndexCommits.awaitQueue(chain);
    }

    private void updatePruneLock() {
        best.ifPresent(b -> chain.updatePruneLock(NAME, b.height()));
    }

    private void restartCatchUp() {
        syncThread = new Thread(this::catchUp, "index-coinstats");
        syncThread.setDaemon(true);
        syncThread.start();
    }

    private void catchUp() {
        try {
            catchUpLoop();
        } catch (RuntimeException e) {
            LOG.error("{}: catching up with the chain failed: {}", NAME, e.getMessage(), e);
        }
    }

    private void catchUpLoop() {
        int startHeight = best.map(b -> b.height() + 1).orElse(0);
        if (startHeight <= chain.tip().height()) LOG.info("Syncing {} with block chain from height {}", NAME, startHeight);
        long lastLog = System.nanoTime();
        while (!closed) {
            synchronized (this) {
                rewindToActiveChain();
                Optional<BlockIndex> next = best.isEmpty() ? chain.atHeight(0)
                        : chain.atHeight(best.get().height() + 1).filter(n -> n.prev() == best.get());
                if (next.isEmpty()) {
                    // bitcoind starts index sync after -reindex's import: until then the chain is not the one to follow.
                    if (!chain.reindexPending()) {
                        synced = true;
                        notifyAll();
                        LOG.info("{} is enabled at height {}", NAME, best.map(BlockIndex::height).orElse(-1));
                        return;
                    }
                } else {
                    Optional<Block> block = chain.block(next.get().hash());
                    if (block.isEmpty()) {
                                    LOG.error("{}: block {} is not available (pruned or missing); the index stops at height {}",
                                NAME, next.get().hash(), best.map(BlockIndex::height).orElse(-1));
                        return;
                    }
                    connect(block.get(), next.get());
                    if (System.nanoTime() - lastCommitNanos > IndexCommits.SYNC_COMMIT_INTERVAL_NANOS) commit();
                    continue;
                }
            }
            sleepQuietly(100);
            if (System.nanoTime() - lastLog > 30_000_000_000L) {
                lastLog = System.nanoTime();
                LOG.info("Syncing {} with block chain from height {}", NAME, best.map(BlockIndex::height).orElse(-1));
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A best block that left the active chain (a reorg while the index was behind or stopped) is taken back. */
    private void rewindToActiveChain() {
        while (best.isPresent() && !chain.isOnBestChain(best.get())) {
            BlockIndex b = best.get();
            Block block = chain.block(b.hash()).orElseThrow(() -> new IllegalStateException(
                    NAME + ": block " + b.hash() + " to rewind is not available"));
            disconnect(block, b);
        }
    }

    @Override
    public synchronized void blockConnected(Block block, BlockIndex index) {
        if (!synced || closed) return;
        if (best.isPresent() && best.get() == index) return;
        Optional<BlockIndex> parent = Optional.ofNullable(index.prev());
        if (!parent.equals(best)) {
            LOG.warn("{}: block {} does not extend the index's best block; catching up", NAME, index.hash());
            synced = false;
            restartCatchUp();
            return;
        }
        try {
            connect(block, index);
        } catch (RuntimeException e) {
            LOG.error("{}: failed to index block {}: {}", NAME, index.hash(), e.getMessage());
            synced = false;
        }
    }

    /** bitcoind's ChainStateFlushed: the chain's tip is durable now, so the index's best block (at or below it) is. */
    @Override
    public synchronized void chainStateFlushed(BlockIndex tip) {
        commit();
    }

    /** Writes the best block and the MuHash of the set there, when the chain would still know that block after a crash. */
    private synchronized void commit() {
        if (best.isEmpty() || !IndexCommits.durable(chain, best.get())) return;
        try (WriteBatch b = store.newBatch()) {
            b.put(StoreSegment.INDEX, BEST_KEY, best.get().hash().bytes());
            b.put(StoreSegment.INDEX, MUHASH_KEY, set.state());
            b.commit(true);
        }
        lastCommitNanos = System.nanoTime();
    }

    @Override
    public synchronized void blockDisconnected(Block block, BlockIndex index) {
        if (closed || !synced) return;
        if (best.isEmpty() || best.get() != index) return;
        try {
            disconnect(block, index);
        } catch (RuntimeException e) {
            LOG.error("{}: failed to take back block {}: {}", NAME, index.hash(), e.getMessage());
            synced = false;
        }
    }

    private CoinStatsUpdate.BlockContext context(BlockIndex index) {
        return new CoinStatsUpdate.BlockContext(index.height(), Subsidy.at(index.height(), chain.params()),
                isOverwrittenCoinbase(index));
    }

    /**
     * The two mainnet blocks whose coinbase a later block repeated (BIP30): their outputs were overwritten, never
     * spent, so bitcoind's index leaves them out of the set and counts the subsidy as unspendable.
     */
    static boolean isOverwrittenCoinbase(BlockIndex index) {
        return (index.height() == 91722 && index.hash().toHex().equals("00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e"))
                || (index.height() == 91812 && index.hash().toHex().equals("00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f"));
    }

    private BlockUndo undoOf(BlockIndex index) {
        if (index.height() == 0) return new BlockUndo(List.of());
        return chain.undo(index.hash()).orElseThrow(() -> new IllegalStateException(
                NAME + ": no undo data for block " + index.hash()));
    }

    private void connect(Block block, BlockIndex index) {
        if (index.height() > 0 && bestStats.isEmpty()) throw new IllegalStateException(NAME + ": no statistics for the parent of " + index.hash());
        CoinStats stats = CoinStatsUpdate.connect(bestStats, set, block, undoOf(index), context(index));
        // The record only: the best block and the MuHash are committed at the chain state flush (see commit()).
        try (WriteBatch b = store.newBatch()) {
            b.put(StoreSegment.INDEX, statsKey(index.hash()), stats.serialize());
            b.commit();
        }
        best = Optional.of(index);
        bestStats = Optional.of(stats);
        updatePruneLock();
    }

    /** Takes the best block back: the set loses its outputs and regains what it spent; the record stays. */
    private void disconnect(Block block, BlockIndex index) {
        BlockIndex parent = index.prev();
        if (parent == null) throw new IllegalStateException(NAME + ": cannot take back the genesis block");
        CoinStats parentStats = stats(parent.hash()).orElseThrow(() -> new IllegalStateException(
                NAME + ": no statistics for block " + parent.hash()));
        MuHash3072 restored = MuHash3072.fromState(set.state());
        CoinStatsUpdate.disconnect(restored, block, undoOf(index), context(index));
        if (!restored.digest().equals(parentStats.muhash())) {
            throw new IllegalStateException(NAME + ": the set after taking back block " + index.hash()
                    + " does not match the statistics of its parent");
        }
        set = restored;
        best = Optional.of(parent);
        bestStats = Optional.of(parentStats);
        updatePruneLock();
    }

    private static byte[] statsKey(Sha256Hash blockHash) {
        byte[] key = new byte[33];
        key[0] = STATS;
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
