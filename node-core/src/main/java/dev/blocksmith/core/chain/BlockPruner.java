package dev.blocksmith.core.chain;

import dev.blocksmith.core.store.WriteBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's pruning over blk/rev file pairs: it knows which blocks each file holds, picks whole files to delete
 * (manually every file whose blocks are all at or below a height, or automatically the lowest files until the
 * stored bytes fit the target), never the file new blocks go to, and deletes them after clearing HAVE_DATA and
 * HAVE_UNDO of their blocks in the index (committed first: a crash in between leaves only unreferenced files,
 * removed at the next start). Headers, heights and transaction counts stay, as in bitcoind.
 * <p>
 * Used by {@link ChainManager} under its lock only; in memory only while pruning is on.
 */
final class BlockPruner {
    private static final Logger LOG = LoggerFactory.getLogger(BlockPruner.class);

    private final PruneOptions options;
    private final ChainDb db;
    private final BlockStore blocks;
    /** Per blk file number: the blocks with data in it. */
    private final TreeMap<Integer, Set<BlockIndex>> byFile = new TreeMap<>();
    private boolean havePruned;

    BlockPruner(PruneOptions options, ChainDb db, BlockStore blocks) {
        this.options = options;
        this.db = db;
        this.blocks = blocks;
    }

    PruneOptions options() {
        return options;
    }

    boolean havePruned() {
        return havePruned;
    }

    /** Bytes of blk and rev files (bitcoind's CalculateCurrentUsage); 0 when pruning is off. */
    long usage() {
        return options.enabled() ? blocks.totalBytes() : 0;
    }

    /**
     * Takes stock of the loaded index. On a database that was pruned, blk/rev files below the current one that no
     * block has data in any more are deleted (bitcoind's ScanAndUnlinkAlreadyPrunedFiles: a crash after the index
     * was written and before the files went).
     */
    void load(Collection<BlockIndex> index) {
        havePruned = db.havePruned();
        byFile.clear();
        if (!options.enabled()) return;
        for (BlockIndex idx : index) stored(idx);
        if (havePruned) {
            for (int f = 0; f < blocks.currentFile(); f++) {
                if (!byFile.containsKey(f) && blocks.fileBytes(f) > 0) {
                    LOG.info("Prune: deleting blk/rev {} that no block uses any more", String.format("%05d", f));
                    blocks.deleteFilePair(f);
                }
            }
        }
    }

    /** Call after a block's data was written (or its index entry loaded). */
    void stored(BlockIndex idx) {
        if (!options.enabled() || idx.dataPos().isEmpty()) return;
        byFile.computeIfAbsent(idx.file(), f -> new HashSet<>()).add(idx);
    }

    private int heightLast(Set<BlockIndex> inFile) {
        int last = -1;
        for (BlockIndex b : inFile) last = Math.max(last, b.height());
        return last;
    }

    /** Every file below the current one whose blocks are all at or below {@code height} (bitcoind's FindFilesToPruneManual). */
    List<Integer> selectUpTo(int height) {
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<Integer, Set<BlockIndex>> e : byFile.entrySet()) {
            if (e.getKey() >= blocks.currentFile()) break;
            if (heightLast(e.getValue()) <= height) out.add(e.getKey());
        }
        return out;
    }

    /** bitcoind's BLOCKFILE_CHUNK_SIZE (16 MiB) and UNDOFILE_CHUNK_SIZE (1 MiB): room kept under the target. */
    static final long CHUNK_BUFFER_BYTES = 0x1000000L + 0x100000L;
    /** bitcoind's assumed average block size for the initial-download allowance (1 MB). */
    static final long IBD_AVERAGE_BLOCK_BYTES = 1_000_000L;

    /**
     * The lowest files below the current one, none holding a block above {@code lastPrunable}, whose deletion brings
     * the stored bytes plus an allowance under the target (bitcoind's FindFilesToPrune); empty when already under it.
     * The allowance is bitcoind's: a blk and a rev chunk, so that what is written before the next check still fits,
     * and during initial block download 1 MB for each block still to connect ({@code remainingBlocks}), so that a
     * syncing node prunes down to its last blocks at once instead of a file at every block.
     */
    List<Integer> selectForTarget(int lastPrunable, int remainingBlocks) {
        List<Integer> out = new ArrayList<>();
        long remaining = usage();
        long buffer = CHUNK_BUFFER_BYTES;
        if (remaining + buffer < options.targetBytes()) return out;
        buffer += IBD_AVERAGE_BLOCK_BYTES * Math.max(0, remainingBlocks);
        for (Map.Entry<Integer, Set<BlockIndex>> e : byFile.entrySet()) {
            if (remaining + buffer < options.targetBytes() || e.getKey() >= blocks.currentFile()) break;
            if (heightLast(e.getValue()) > lastPrunable) continue;
            out.add(e.getKey());
            remaining -= blocks.fileBytes(e.getKey());
        }
        return out;
    }

    /**
     * Records the blocks of {@code files} as pruned in one committed batch, then deletes the files. Returns the
     * blocks that lost their data.
     */
    List<BlockIndex> prune(List<Integer> files) {
        List<BlockIndex> gone = new ArrayList<>();
        if (files.isEmpty()) return gone;
        try (WriteBatch b = db.store().newBatch()) {
            for (int f : new TreeSet<>(files)) {
                Set<BlockIndex> inFile = byFile.remove(f);
                if (inFile == null) continue;
                for (BlockIndex idx : inFile) {
                    // A block stored again elsewhere (submitblock after pruning) keeps its new copy.
                    if (idx.file() != f) continue;
                    idx.setStatus(idx.status() & ~(BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO));
                    idx.clearPositions();
                    db.putIndexDurable(b, idx, BlockIndex.Stored::pruned);
                    gone.add(idx);
                }
            }
            ChainDb.putPrunedFlag(b);
            b.commit(true);
        }
        havePruned = true;
        for (int f : files) blocks.deleteFilePair(f);
        return gone;
    }
}
