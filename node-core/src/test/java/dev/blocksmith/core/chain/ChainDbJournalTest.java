package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The block index journal's layout: the first change after a flush keeps the flushed entry; pruning is durable. */
class ChainDbJournalTest {
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final ChainDb db = new ChainDb(store);

    private BlockIndex stored() {
        BlockIndex idx = new BlockIndex(Networks.REGTEST.genesis().header(), null,
                BlockStatus.VALID_TRANSACTIONS | BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO, 1, 0);
        idx.setDataPos(new FlatFilePos(3, 8));
        idx.setUndoPos(new FlatFilePos(3, 8));
        return idx;
    }

    private void write(java.util.function.Consumer<WriteBatch> writes) {
        try (WriteBatch b = store.newBatch()) {
            writes.accept(b);
            b.commit();
        }
    }

    @Test
    void theFirstChangeAfterAFlushKeepsTheFlushedEntryAndAFlushDropsIt() {
        BlockIndex idx = stored();
        write(b -> db.putIndex(b, idx));
        byte[] flushed = idx.serialize();
        // A new entry journals its absence; the flush then empties the journal.
        assertThat(db.journalEntries()).containsEntry(idx.hash(), Optional.empty());
        write(db::clearJournal);
        assertThat(db.hasJournal()).isFalse();

        idx.addStatus(BlockStatus.FAILED_VALID);
        write(b -> db.putIndex(b, idx));
        idx.setStatus(idx.status() & ~BlockStatus.FAILED_VALID);
        idx.addStatus(BlockStatus.FAILED_CHILD);
        write(b -> db.putIndex(b, idx));
        // Still the entry as it stood at the flush, not the intermediate one.
        assertThat(db.journalEntries().get(idx.hash()).orElseThrow()).isEqualTo(flushed);
    }

    @Test
    void pruningIsNeverUndoneByTheJournal() {
        BlockIndex idx = stored();
        write(b -> db.putIndex(b, idx));
        write(db::clearJournal);
        idx.addStatus(BlockStatus.FAILED_VALID);
        write(b -> db.putIndex(b, idx));

        idx.setStatus(idx.status() & ~(BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO));
        idx.clearPositions();
        write(b -> db.putIndexDurable(b, idx, BlockIndex.Stored::pruned));

        BlockIndex.Stored pre = BlockIndex.deserialize(db.journalEntries().get(idx.hash()).orElseThrow());
        assertThat(pre.status() & (BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO)).isZero();
        assertThat(pre.status() & BlockStatus.FAILED_VALID).isZero();
        assertThat(pre.dataPos()).isZero();
        BlockIndex.Stored now = BlockIndex.deserialize(store.get(StoreSegment.BLOCK_INDEX, idx.hash().bytes()).orElseThrow());
        assertThat(now.status() & BlockStatus.HAVE_DATA).isZero();
    }
}
