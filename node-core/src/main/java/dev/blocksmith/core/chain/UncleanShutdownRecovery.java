package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.index.BlockBatchIndex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.WriteBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the chain database back to its last flush after an unclean shutdown (a non-empty block index journal).
 * <p>
 * bitcoind writes its block index, coins and best block only in FlushStateToDisk: after a crash it knows the chain as
 * of that flush, and the blocks connected since (still in its blk files, unused) are downloaded again. Blocksmith
 * writes block index entries and best-chain heights with each block, so here those are taken back to the flushed tip:
 * every journaled index entry gets its pre-image back and the heights follow the flushed tip's branch. The entries of
 * its {@link BlockBatchIndex}es (-txindex, -addressindex) reach the disk with the flush (schema 4); a database of
 * schema 3 or older wrote them with each block, so there they are disconnected too, from the last active chain down to
 * its fork with the flushed tip's branch, and connected along that branch (a reorg after the flush). All of it is one
 * synced batch, so a crash during the recovery leaves the journal to be applied at the next start.
 */
final class UncleanShutdownRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(UncleanShutdownRecovery.class);

    private final ChainDb db;
    private final BlockBatchIndexes indexes;
    private final Function<BlockIndex, Optional<Block>> readBlock;
    private final Function<BlockIndex, Optional<BlockUndo>> readUndo;
    /** Whether the database wrote the per-block indexes with each block (schema 3 and older), not at the flush. */
    private final boolean indexesPerBlock;

    UncleanShutdownRecovery(ChainDb db, BlockBatchIndexes indexes, Function<BlockIndex, Optional<Block>> readBlock,
                            Function<BlockIndex, Optional<BlockUndo>> readUndo, boolean indexesPerBlock) {
        this.db = db;
        this.indexes = indexes;
        this.readBlock = readBlock;
        this.readUndo = readUndo;
        this.indexesPerBlock = indexesPerBlock;
    }

    /**
     * @param index      the block index as the crash left it (journaled entries not yet restored)
     * @param flushedTip the block of the last flush (the database's tip)
     */
    void run(java.util.function.Function<Sha256Hash, BlockIndex> index, BlockIndex flushedTip) {
        BlockIndex crashTip = lastActiveTip(index).orElse(flushedTip);
        BlockIndex fork = fork(crashTip, flushedTip);
        Map<Sha256Hash, Optional<byte[]>> journal = db.journalEntries();
        List<BlockIndex> crashBranch = new ArrayList<>();
        for (BlockIndex blk = crashTip; blk != fork; blk = blk.prev()) crashBranch.add(blk);
        List<BlockIndex> flushedBranch = new ArrayList<>();
        for (BlockIndex blk = flushedTip; blk != fork; blk = blk.prev()) flushedBranch.add(blk);
        Collections.reverse(flushedBranch);
        // An index is taken back if this start runs with it, or if it was following the chain (its marker is the
        // flushed tip, written by the flush, or past the fork, written by its catch-up at start) even when this start
        // runs without it: its entries must not name forgotten blocks when it is turned on again.
        List<BlockBatchIndex> takenBack = new ArrayList<>();
        List<BlockBatchIndex> markerPastFork = new ArrayList<>();
        // Written at the flush, the indexes on disk are at the flushed tip already: the blocks above it need not (and,
        // their files synced at the flush only, may not) be read.
        for (BlockBatchIndex batchIndex : indexesPerBlock ? indexes.all() : List.<BlockBatchIndex>of()) {
            Optional<Sha256Hash> best = batchIndex.bestBlock();
            boolean pastFork = best.isPresent() && crashBranch.stream().anyMatch(blk -> blk.hash().equals(best.get()));
            if (pastFork) markerPastFork.add(batchIndex);
            if (indexes.enabled().contains(batchIndex) || pastFork || best.equals(Optional.of(flushedTip.hash()))) {
                takenBack.add(batchIndex);
            }
        }
        try (WriteBatch b = db.store().newBatch()) {
            for (BlockIndex blk : crashBranch) disconnect(b, blk, takenBack);
            for (BlockIndex blk : flushedBranch) connect(b, blk, takenBack);
            for (BlockBatchIndex batchIndex : markerPastFork) batchIndex.putBestBlock(b, flushedTip);
            int forgotten = 0;
            for (Map.Entry<Sha256Hash, Optional<byte[]>> e : journal.entrySet()) {
                ChainDb.restoreIndexEntry(b, e.getKey(), e.getValue());
                if (e.getValue().isEmpty()) forgotten++;
            }
            db.clearJournal(b);
            b.commit(true);
            LOG.info("Unclean shutdown: the block index is taken back to the last flush, height {} ({}): {} block index "
                            + "entries restored, {} forgotten; {} blocks connected since then are forgotten "
                            + "and will be downloaded again", flushedTip.height(), flushedTip.hash(),
                    journal.size() - forgotten, forgotten, crashBranch.size());
        }
    }

    /**
     * The tip of the active chain at the crash: the block of the highest best-chain height entry (each connected block
     * writes its height, each disconnected one deletes it, so the entries are the active chain).
     */
    private Optional<BlockIndex> lastActiveTip(java.util.function.Function<Sha256Hash, BlockIndex> index) {
        BlockIndex[] last = {null};
        db.forEachHeightEntry(hash -> {
            BlockIndex blk = index.apply(hash);
            if (blk != null) last[0] = blk;
        });
        return Optional.ofNullable(last[0]);
    }

    private static BlockIndex fork(BlockIndex a, BlockIndex b) {
        if (a.height() > b.height()) a = a.ancestor(b.height());
        else if (b.height() > a.height()) b = b.ancestor(a.height());
        while (a != b) {
            a = a.prev();
            b = b.prev();
        }
        return a;
    }

    private void disconnect(WriteBatch b, BlockIndex blk, List<BlockBatchIndex> takenBack) {
        if (!takenBack.isEmpty()) {
            Block block = block(blk);
            Supplier<BlockUndo> undo = undoOnDemand(blk);
            for (BlockBatchIndex index : takenBack) index.disconnect(b, block, blk, undo);
        }
        ChainDb.deleteHeight(b, blk.height());
    }

    private void connect(WriteBatch b, BlockIndex blk, List<BlockBatchIndex> takenBack) {
        if (!takenBack.isEmpty()) {
            Block block = block(blk);
            Supplier<BlockUndo> undo = undoOnDemand(blk);
            for (BlockBatchIndex index : takenBack) index.connect(b, block, blk, undo);
        }
        ChainDb.putHeight(b, blk);
    }

    /** The block's undo data, read from its rev file the first time an index asks (-txindex never does). */
    private Supplier<BlockUndo> undoOnDemand(BlockIndex blk) {
        BlockUndo[] read = {null};
        return () -> {
            if (read[0] == null) read[0] = undo(blk);
            return read[0];
        };
    }

    private Block block(BlockIndex blk) {
        return readBlock.apply(blk).orElseThrow(() -> unreadable("data", blk));
    }

    private BlockUndo undo(BlockIndex blk) {
        return readUndo.apply(blk).orElseThrow(() -> unreadable("undo data", blk));
    }

    private static ChainstateLoadException unreadable(String what, BlockIndex blk) {
        LOG.error("Unclean shutdown: the {} of block {} at height {} cannot be read to take the indexes back to the last flush",
                what, blk.hash(), blk.height());
        return new ChainstateLoadException("Error opening block database. Please restart with -reindex or "
                + "-reindex-chainstate to recover.");
    }
}
