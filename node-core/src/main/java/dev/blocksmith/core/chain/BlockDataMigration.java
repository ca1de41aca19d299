package dev.blocksmith.core.chain;

import dev.blocksmith.core.store.WriteBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the blocks and undo data of a schema-1 chain database (Blocksmith before flat files kept them in the
 * {@code blocks} and {@code undo} segments) into blk/rev files, lowest height first, and records their positions
 * in the block index. Each batch of index entries is committed only after the files holding its data were synced,
 * and deletes the moved keys in the same batch, so an interrupted migration resumes where it stopped: an entry
 * that already has a position is not moved again.
 */
final class BlockDataMigration {
    private static final Logger LOG = LoggerFactory.getLogger(BlockDataMigration.class);
    private static final int BATCH_BLOCKS = 1000;

    private final ChainDb db;
    private final BlockStore blocks;

    BlockDataMigration(ChainDb db, BlockStore blocks) {
        this.db = db;
        this.blocks = blocks;
    }

    void run() {
        List<BlockIndex.Stored> entries = new ArrayList<>();
        db.forEachIndexEntry((hash, stored) -> entries.add(stored));
        entries.sort(Comparator.comparingInt(BlockIndex.Stored::height));
        LOG.info("Moving the blocks and undo data of {} index entries from the chain database into blk/rev files", entries.size());
        int moved = 0;
        List<BlockIndex.Stored> pending = new ArrayList<>();
        for (BlockIndex.Stored st : entries) {
            if (st.dataPos() > 0 || (st.status() & BlockStatus.HAVE_DATA) == 0) continue;
            Optional<byte[]> raw = db.legacyBlock(st.header().hash());
            int status = st.status();
            int file = 0;
            int dataPos = 0;
            int undoPos = 0;
            if (raw.isEmpty()) {
                status &= ~(BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO);
            } else {
                FlatFilePos pos = blocks.writeBlock(raw.get());
                file = pos.file();
                dataPos = pos.pos();
                Optional<byte[]> undo = st.height() == 0 ? Optional.empty() : db.legacyUndo(st.header().hash());
                if (undo.isPresent() && (status & BlockStatus.HAVE_UNDO) != 0) {
                    undoPos = blocks.writeUndo(file, undo.get(), st.header().prevHash()).pos();
                } else if (st.height() > 0) {
                    status &= ~BlockStatus.HAVE_UNDO;
                }
            }
            pending.add(new BlockIndex.Stored(st.header(), st.height(), status, st.txCount(), st.dataSize(),
                    undoPos > 0 ? st.undoSize() : 0, file, dataPos, undoPos));
            moved++;
            if (pending.size() >= BATCH_BLOCKS) commit(pending);
        }
        commit(pending);
        try (WriteBatch b = db.store().newBatch()) {
            // The schema this migration produces; the loader moves it to the current one once the crash recovery (which
            // reads it) is done.
            ChainDb.putSchemaVersion(b, ChainDb.SCHEMA_INDEXES_PER_BLOCK);
            b.commit(true);
        }
        LOG.info("Moved {} blocks into blk/rev files; the chain database is at schema {}", moved, ChainDb.SCHEMA_INDEXES_PER_BLOCK);
    }

    private void commit(List<BlockIndex.Stored> pending) {
        if (pending.isEmpty()) return;
        // The files first: the batch deletes the database's copies of these blocks.
        blocks.sync();
        try (WriteBatch b = db.store().newBatch()) {
            for (BlockIndex.Stored st : pending) {
                ChainDb.putIndexEntry(b, st);
                ChainDb.deleteLegacyData(b, st.header().hash());
            }
            b.commit(true);
        }
        pending.clear();
    }
}
