package dev.blocksmith.core.chain;

import dev.blocksmith.core.params.NetworkParams;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When and how far the chain prunes (bitcoind's BlockManager pruning: FindFilesToPrune at each flush,
 * PruneBlockFilesManual for pruneblockchain, the prune locks of the optional indexes and GetPruneHeight). It decides
 * the height pruning may reach (never one of the last {@link ChainManager#MIN_BLOCKS_TO_KEEP} blocks of the best
 * chain, never above a prune lock), leaves the choice of files and their deletion to {@link BlockPruner}, and has the
 * block tree forget the pruned blocks' data.
 * <p>
 * Used by {@link ChainManager} under its lock, except {@link #updatePruneLock}, which indexes call from their own
 * threads, and the lock-free reads {@link #hasBlockData} and {@link #isBlockPruned}.
 */
final class PruneController {
    private static final Logger LOG = LoggerFactory.getLogger(PruneController.class);

    /** bitcoind's PRUNE_LOCK_BUFFER: blocks kept below a prune lock's height, for reorgs the index follows. */
    static final int PRUNE_LOCK_BUFFER = 10;

    private final PruneOptions options;
    private final NetworkParams params;
    private final BlockPruner pruner;
    private final BlockTree tree;
    private final ActiveChain chain;
    /** The chain state flush that must come before any pruning. */
    private final Runnable flushChainstate;
    private final BooleanSupplier initialBlockDownload;
    /** Prune locks of the optional indexes (bitcoind's m_prune_locks): index name -> first height it still needs. */
    private final Map<String, Integer> pruneLocks = new ConcurrentHashMap<>();

    PruneController(PruneOptions options, NetworkParams params, ChainDb db, BlockStore blocks, BlockTree tree,
                    ActiveChain chain, Runnable flushChainstate, BooleanSupplier initialBlockDownload) {
        this.options = options;
        this.params = params;
        this.pruner = new BlockPruner(options, db, blocks);
        this.tree = tree;
        this.chain = chain;
        this.flushChainstate = flushChainstate;
        this.initialBlockDownload = initialBlockDownload;
    }

    PruneOptions options() {
        return options;
    }

    /** Takes stock of the loaded block index (see {@link BlockPruner#load}). */
    void load(Collection<BlockIndex> index) {
        pruner.load(index);
    }

    /** bitcoind's start-up lines naming the pruning mode. */
    void logConfiguration() {
        if (options.automatic()) {
            LOG.info("Prune configured to target {} MiB on disk for block and undo files.",
                    options.targetBytes() / 1024 / 1024);
        } else if (options.enabled()) {
            LOG.info("Block pruning enabled.  Use RPC call pruneblockchain(height) to manually prune block and undo files.");
        }
    }

    /** Call after a block's data was written. */
    void stored(BlockIndex idx) {
        pruner.stored(idx);
    }

    /** bitcoind's PruneAfterHeight for this chain and -fastprune: nothing is pruned until the chain is longer. */
    int pruneAfterHeight() {
        return options.pruneAfterHeight(params);
    }

    boolean havePruned() {
        return pruner.havePruned();
    }

    /** bitcoind's IsBlockPruned: the block was stored (its transactions are counted) and its data was pruned. */
    boolean isBlockPruned(BlockIndex idx) {
        return pruner.havePruned() && !idx.haveData() && idx.txCount() > 0;
    }

    /** Bytes of block and undo data kept, as the prune target counts them (0 when pruning is off). */
    long storedBlockBytes() {
        return pruner.usage();
    }

    /**
     * bitcoind's GetPruneHeight: the height of the last block of the best chain (above genesis) without block
     * or undo data below the run of blocks that have both up to the tip; empty when nothing is pruned.
     */
    OptionalInt lastPrunedHeight() {
        BlockIndex t = chain.tip();
        if (t.height() < 1) return OptionalInt.empty();
        if (!hasDataAndUndo(t)) return OptionalInt.of(t.height());
        BlockIndex first = t;
        while (first.height() > 1 && hasDataAndUndo(first.prev())) first = first.prev();
        return first.height() == 1 ? OptionalInt.empty() : OptionalInt.of(first.height() - 1);
    }

    /** Whether the block can be disconnected: it has both its data and its undo data. */
    static boolean hasDataAndUndo(BlockIndex b) {
        return b.haveData() && b.hasStatus(BlockStatus.HAVE_UNDO);
    }

    /**
     * Whether every block of the best chain from {@code fromHeight} to {@code toHeight} has its data (bitcoind's
     * Chain::hasBlocks, which a rescan checks first).
     */
    boolean hasBlockData(int fromHeight, int toHeight) {
        for (int h = Math.max(0, fromHeight); h <= toHeight; h++) {
            BlockIndex b = chain.at(h);
            if (b == null || !b.haveData()) return false;
        }
        return true;
    }

    /**
     * bitcoind's PruneBlockFilesManual: prunes every file whose blocks are all at or below {@code height}, the last
     * {@link ChainManager#MIN_BLOCKS_TO_KEEP} blocks and the prune locks excepted.
     */
    void pruneManual(int height) {
        if (!options.enabled()) throw new IllegalStateException("not in prune mode");
        int upTo = Math.min(Math.min(height, chain.tip().height() - ChainManager.MIN_BLOCKS_TO_KEEP), pruneLockLimit());
        List<Integer> files = pruner.selectUpTo(upTo);
        prune(files);
        LOG.info("Prune (Manual): prune_height={} removed {} blk/rev pairs", upTo, files.size());
    }

    /**
     * Automatic pruning (bitcoind's FindFilesToPrune at each flush): with a target set and the chain above the
     * network's PruneAfterHeight, deletes the lowest blocks, none of the last {@link ChainManager#MIN_BLOCKS_TO_KEEP}
     * of the best chain, until the stored block and undo data fit the target with bitcoind's allowance
     * ({@link BlockPruner#selectForTarget}).
     */
    void pruneToTarget() {
        if (!options.automatic()) return;
        int tipHeight = chain.tip().height();
        if (tipHeight <= pruneAfterHeight()) return;
        int lastPrunable = Math.min(tipHeight - ChainManager.MIN_BLOCKS_TO_KEEP, pruneLockLimit());
        // bitcoind's target_sync_height: the best header, while the initial download is under way.
        BlockIndex best = tree.bestHeader();
        int remaining = best != null && initialBlockDownload.getAsBoolean() ? best.height() - tipHeight : 0;
        List<Integer> files = pruner.selectForTarget(lastPrunable, remaining);
        if (files.isEmpty()) return;
        prune(files);
        LOG.info("Prune: target={}MiB actual={}MiB diff={}MiB max_prune_height={} removed {} blk/rev pairs",
                options.targetBytes() / 1024 / 1024, pruner.usage() / 1024 / 1024,
                (options.targetBytes() - pruner.usage()) / 1024 / 1024, lastPrunable, files.size());
    }

    /**
     * bitcoind's UpdatePruneLock: an index (by name) still reads blocks from {@code heightFirst} on, so no pruning
     * reaches above {@code heightFirst - PRUNE_LOCK_BUFFER - 1}.
     */
    void updatePruneLock(String name, int heightFirst) {
        pruneLocks.put(name, heightFirst);
    }

    /**
     * bitcoind's DisconnectTip: a prune lock at or above the disconnected block moves below it, so the index keeps the
     * blocks it needs to follow the reorg (with bitcoind's debug line).
     */
    void movePruneLocksBelow(BlockIndex disconnected) {
        int maxHeightFirst = disconnected.height() - 1;
        for (Map.Entry<String, Integer> lock : pruneLocks.entrySet()) {
            if (lock.getValue() <= maxHeightFirst) continue;
            lock.setValue(maxHeightFirst);
            LOG.debug("{} prune lock moved back to {}", lock.getKey(), maxHeightFirst);
        }
    }

    /** The highest height pruning may reach under the prune locks (the chain's height without any). */
    private int pruneLockLimit() {
        int limit = chain.tip().height();
        String limiting = null;
        for (Map.Entry<String, Integer> lock : pruneLocks.entrySet()) {
            int lockHeight = lock.getValue() - PRUNE_LOCK_BUFFER - 1;
            limit = Math.max(1, Math.min(limit, lockHeight));
            if (limit == lockHeight) limiting = lock.getKey();
        }
        if (limiting != null) LOG.debug("{} limited pruning to height {}", limiting, limit);
        return limit;
    }

    private void prune(List<Integer> files) {
        if (files.isEmpty()) return;
        // bitcoind flushes before pruning: the blocks above the flushed coins must stay to be replayed after a crash.
        flushChainstate.run();
        // As bitcoind's PruneOneBlockFile: a pruned block must be downloaded again before its branch is considered.
        tree.forgetData(pruner.prune(files));
    }
}
