package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A chain database of an earlier Blocksmith (schema 1: blocks and undo data under their hash) opens into blk/rev files. */
class BlockDataMigrationTest {
    private final NetworkParams params = Networks.REGTEST;

    @Test
    void blocksAndUndoDataMoveIntoFilesAndTheChainCarriesOn() throws Exception {
        MemoryKeyValueStore store = new MemoryKeyValueStore();
        ChainManager original = ChainManager.open(params, store, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> 1_700_000_000L);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Block b = TestBlocks.nextBlock(params, original.tip().index(), TestBlocks.p2wpkhScript(i % 2), List.of(), 0, i);
            original.processBlock(b);
            blocks.add(b);
        }
        UtxoStats stats = original.utxoStats();

        // Rewrite the database as schema 1 wrote it: data in the blocks and undo segments, index entries without positions.
        List<BlockIndex.Stored> entries = new ArrayList<>();
        original.db().forEachIndexEntry((h, st) -> entries.add(st));
        try (WriteBatch b = store.newBatch()) {
            for (BlockIndex.Stored st : entries) {
                b.put(StoreSegment.BLOCKS, st.header().hash().bytes(), original.rawBlock(st.header().hash()).orElseThrow());
                b.put(StoreSegment.UNDO, st.header().hash().bytes(), original.undo(st.header().hash()).orElseThrow().serialize());
                BlockIndex.Stored legacy = new BlockIndex.Stored(st.header(), st.height(), st.status(), st.txCount(),
                        st.dataSize(), st.undoSize(), 0, 0, 0);
                byte[] full = legacy.serialize();
                // Schema 1 entries end after the sizes.
                b.put(StoreSegment.BLOCK_INDEX, st.header().hash().bytes(), java.util.Arrays.copyOf(full, full.length - 12));
            }
            b.put(StoreSegment.META, ChainDb.VERSION_KEY, new ByteWriter(4).i32le(1).toByteArray());
            b.commit();
        }

        MemoryBlockFiles files = new MemoryBlockFiles();
        BlockStore blockStore = FlatFileBlockStore.inMemory(files, params.magic(), FlatFileBlockStore.MAX_BLOCKFILE_SIZE);
        ChainManager migrated = ChainManager.open(params, store, blockStore, new RejectSpendsVerifier(), ChainOptions.defaults(),
                () -> 1_700_000_000L);
        assertThat(migrated.db().schemaVersion()).contains(ChainDb.SCHEMA_VERSION);
        assertThat(migrated.tip().hash()).isEqualTo(original.tip().hash());
        assertThat(migrated.utxoStats()).isEqualTo(stats);
        for (Block b : blocks) {
            assertThat(migrated.rawBlock(b.hash()).orElseThrow()).isEqualTo(b.serialize());
            assertThat(migrated.undo(b.hash())).isEqualTo(original.undo(b.hash()));
        }
        assertThat(migrated.index(params.genesisHash()).orElseThrow().dataPos()).contains(new FlatFilePos(0, 8));
        boolean[] legacyLeft = {false};
        for (StoreSegment seg : new StoreSegment[] {StoreSegment.BLOCKS, StoreSegment.UNDO}) {
            store.scan(seg, new byte[0], (k, v) -> legacyLeft[0] = true);
        }
        assertThat(legacyLeft[0]).isFalse();
        // The tip can be disconnected from the migrated undo data, and the chain grows in the files.
        migrated.invalidateBlock(migrated.tip().hash());
        assertThat(migrated.tip().height()).isEqualTo(24);
        Block next = TestBlocks.nextBlock(params, migrated.tip().index(), TestBlocks.p2wpkhScript(5), List.of(), 0, 99);
        migrated.processBlock(next);
        assertThat(migrated.tip().hash()).isEqualTo(next.hash());
        assertThat(migrated.verifyChain(4, 0)).isTrue();
    }
}
