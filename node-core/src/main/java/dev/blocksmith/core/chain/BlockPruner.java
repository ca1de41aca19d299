package dev.blocksmith.core.chain;

import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What bitcoind's BlockManager does for pruning, over a database that keeps each block (and its undo
 * data) under its own key instead of in 128 MiB blk/rev files: it knows which blocks still have data and
 * how many bytes they take, picks the blocks to delete (manually up to a height, or automatically the
 * lowest ones until the target is met) and deletes them with their undo data in one batch, clearing the
 * index's HAVE_DATA and HAVE_UNDO. Headers, heights and transaction counts stay, as in bitcoind. Pruning
 * works block by block where bitcoind removes whole files, so it never keeps more than it must.
 * <p>
 * Used by {@link ChainManager} under its lock only; in memory only while pruning is on.
 */
final class BlockPruner {
    private static final Logger LOG = LoggerFactory.getLogger(BlockPruner.class);
    /** Blocks pruned per batch, so a large manual prune does not build one huge write. */
    private static final int BATCH_BLOCKS = 2000;

    private final PruneOptions options;
    private final ChainDb db;
    /** Blocks above genesis that still have block or undo data, lowest first. */
    private final TreeSet<BlockIndex> stored = new TreeSet<>(
            Comparator.comparingInt(BlockIndex::height).thenComparing(BlockIndex::hash));
    /** Bytes of block and undo data stored (bitcoind's CalculateCurrentUsage). */
    private long usage;
    private boolean havePruned;

    BlockPruner(PruneOptions options, ChainDb db) {
        this.options = options;
        this.db = db;
    }

    PruneOptions options() {
        return options;
    }

    boolean havePruned() {
        return havePruned;
    }

    long usage() {
        return usage;
    }

    /**
     * Takes stock of the loaded index. Entries written before sizes were recorded get them now (read from the
     * stored data once, then kept in the index).
     */
    void load(Collection<BlockIndex> index) {
        havePruned = db.havePruned();
        stored.clear();
        usage = 0;
        if (!options.enabled()) return;
        List<BlockIndex> sized = new ArrayList<>();
        for (BlockIndex idx : index) {
            boolean changed = false;
            if (idx.haveData() && idx.dataSize() == 0) {
                idx.setDataSize(db.rawBlock(idx.hash()).map(b -> b.length).orElse(0));
                changed = true;
            }
            if (idx.hasStatus(BlockStatus.HAVE_UNDO) && idx.undoSize() == 0) {
                idx.setUndoSize(db.store().get(StoreSegment.UNDO, idx.hash().bytes()).map(b -> b.length).orElse(0));
                changed = true;
            }
            if (changed) sized.add(idx);
            track(idx);
        }
        if (!sized.isEmpty()) {
            try (WriteBatch b = db.store().newBatch()) {
                for (BlockIndex idx : sized) ChainDb.putIndex(b, idx);
                b.commit();
            }
            LOG.info("Prune: recorded the stored sizes of {} blocks", sized.size());
        }
    }

    /**
     * Call after a block's data or undo data was written; {@code bytesBefore} is its
     * {@link BlockIndex#storedBytes()} before the change.
     */
    void stored(BlockIndex idx, long bytesBefore) {
        if (!options.enabled()) return;
        usage -= bytesBefore;
        stored.remove(idx);
        track(idx);
    }

    private void track(BlockIndex idx) {
        long bytes = idx.storedBytes();
        usage += bytes;
        if (idx.height() > 0 && (idx.haveData() || idx.hasStatus(BlockStatus.HAVE_UNDO))) stored.add(idx);
    }

    /** Every block at or below {@code height} that still has data (bitcoind's FindFilesToPruneManual). */
    List<BlockIndex> selectUpTo(int height) {
        List<BlockIndex> out = new ArrayList<>();
        for (BlockIndex idx : stored) {
            if (idx.height() > height) break;
            out.add(idx);
        }
        return out;
    }

    /**
     * The lowest blocks, none above {@code lastPrunable}, whose deletion brings the stored bytes within the
     * target (bitcoind's FindFilesToPrune); empty when already within it.
     */
    List<BlockIndex> selectForTarget(int lastPrunable) {
        List<BlockIndex> out = new ArrayList<>();
        long remaining = usage;
        for (BlockIndex idx : stored) {
            if (remaining <= options.targetBytes() || idx.height() > lastPrunable) break;
            out.add(idx);
            remaining -= idx.storedBytes();
        }
        return out;
    }

    /** Deletes the blocks' data and undo data and records them as pruned, in batches. */
    void prune(List<BlockIndex> blocks) {
        for (int from = 0; from < blocks.size(); from += BATCH_BLOCKS) {
            List<BlockIndex> part = blocks.subList(from, Math.min(blocks.size(), from + BATCH_BLOCKS));
            try (WriteBatch b = db.store().newBatch()) {
                for (BlockIndex idx : part) {
                    usage -= idx.storedBytes();
                    stored.remove(idx);
                    idx.setStatus(idx.status() & ~(BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO));
                    ChainDb.deleteBlockData(b, idx.hash());
                    ChainDb.putIndex(b, idx);
                }
                ChainDb.putPrunedFlag(b);
                b.commit();
            }
            havePruned = true;
        }
    }
}
