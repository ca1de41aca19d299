package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockFileImporterTest {
    private final NetworkParams params = Networks.REGTEST;
    private final long now = 1_700_000_000L;

    private ChainManager open(MemoryKeyValueStore store) {
        return ChainManager.open(params, store, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
    }

    private List<Block> mine(ChainManager cm, int n) throws Exception {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Block b = TestBlocks.nextBlock(params, cm.tip().index(), TestBlocks.p2wpkhScript(i % 3), List.of(), 0, i);
            cm.processBlock(b);
            out.add(b);
        }
        return out;
    }

    @Test
    void importsBlkFilesWithPaddingGarbageAndOutOfOrderBlocks() throws Exception {
        ChainManager source = open(new MemoryKeyValueStore());
        List<Block> blocks = mine(source, 40);
        List<Block> shuffled = new ArrayList<>(blocks);
        Collections.swap(shuffled, 3, 10);
        Collections.swap(shuffled, 20, 39);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {0, 0, 0, 0, 1, 2, 3});
        file.writeBytes(BlockFileImporter.encode(params.magic(), shuffled.subList(0, 20)));
        file.writeBytes(new byte[64]);
        file.writeBytes(BlockFileImporter.encode(params.magic(), shuffled.subList(20, 40)));

        ChainManager dest = open(new MemoryKeyValueStore());
        BlockFileImporter.Result r = new BlockFileImporter(dest).importStream(new ByteArrayInputStream(file.toByteArray()), "test");
        assertThat(r.imported()).isEqualTo(40);
        assertThat(r.invalid()).isZero();
        assertThat(r.orphansLeft()).isZero();
        assertThat(dest.tip().hash()).isEqualTo(source.tip().hash());
        assertThat(dest.utxoStats().totalAmount()).isEqualTo(source.utxoStats().totalAmount());

        BlockFileImporter.Result again = new BlockFileImporter(dest).importStream(new ByteArrayInputStream(file.toByteArray()), "test");
        assertThat(again.duplicates()).isEqualTo(40);
    }

    @Test
    void reindexChainStateAndReindexRebuildTheSameState() throws Exception {
        MemoryKeyValueStore store = new MemoryKeyValueStore();
        MemoryBlockFiles files = new MemoryBlockFiles();
        BlockStore blocks = FlatFileBlockStore.inMemory(files, params.magic(), 4096);
        ChainManager cm = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        mine(cm, 30);
        var before = cm.utxoStats();
        var balance = cm.addressIndex().orElseThrow().balance(TestBlocks.p2wpkhScript(1));
        long blkBytes = files.size("blk00000.dat");
        long revBytes = files.size("rev00000.dat");

        // -reindex-chainstate keeps the files as they are: blocks and undo data are reused, nothing is appended.
        ChainManager.wipeChainState(store, blocks, false, PruneOptions.OFF);
        ChainManager reopened = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        assertThat(reopened.utxoStats()).isEqualTo(before);
        assertThat(reopened.addressIndex().orElseThrow().balance(TestBlocks.p2wpkhScript(1))).isEqualTo(balance);
        assertThat(files.size("blk00000.dat")).isEqualTo(blkBytes);
        assertThat(files.size("rev00000.dat")).isEqualTo(revBytes);

        // -reindex reads the blk files back: the blocks stay where they are, the undo data is written again.
        ChainManager.wipeChainState(store, blocks, true, PruneOptions.OFF);
        ChainManager rebuilt = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        assertThat(rebuilt.tip().height()).isZero();
        assertThat(rebuilt.reindexPending()).isTrue();
        assertThat(rebuilt.reindexBlockFiles()).isEqualTo(30);
        assertThat(rebuilt.reindexPending()).isFalse();
        assertThat(rebuilt.utxoStats()).isEqualTo(before);
        assertThat(files.size("blk00000.dat")).isEqualTo(blkBytes);
        assertThat(files.exists("blk00001.dat")).isTrue();
        assertThat(rebuilt.index(params.genesisHash()).orElseThrow().dataPos()).contains(new FlatFilePos(0, 8));
    }

    @Test
    void reindexConnectsBlocksStoredBeforeTheirParentEvenInAnEarlierFile() throws Exception {
        MemoryKeyValueStore store = new MemoryKeyValueStore();
        MemoryBlockFiles files = new MemoryBlockFiles();
        BlockStore blocks = FlatFileBlockStore.inMemory(files, params.magic(), FlatFileBlockStore.MAX_BLOCKFILE_SIZE);
        ChainManager source = open(new MemoryKeyValueStore());
        List<Block> chain = mine(source, 12);
        // Blocks as peers may deliver them: 2 before 1 in blk00000.dat, 9 in blk00000.dat but its parent 8 only in
        // blk00001.dat (bitcoind's LoadExternalBlockFile remembers the position and reads the block again).
        ChainManager writer = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        List<Block> order = new ArrayList<>(chain);
        Collections.swap(order, 0, 1);
        Block eighth = order.remove(7);
        for (Block b : order) blocks.writeBlock(b.serialize());
        writer.close();
        files.write("blk00001.dat", 0, BlockFileImporter.encode(params.magic(), List.of(eighth)));

        ChainManager.wipeChainState(store, blocks, true, PruneOptions.OFF);
        ChainManager rebuilt = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        assertThat(rebuilt.reindexBlockFiles()).isEqualTo(12);
        assertThat(rebuilt.tip().hash()).isEqualTo(source.tip().hash());
        assertThat(rebuilt.index(eighth.hash()).orElseThrow().dataPos()).contains(new FlatFilePos(1, 8));
        assertThat(rebuilt.utxoStats()).isEqualTo(source.utxoStats());
        // A restart reads every block back from where the reindex found it.
        ChainManager reopened = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        for (Block b : chain) assertThat(reopened.rawBlock(b.hash()).orElseThrow()).isEqualTo(b.serialize());
    }

    @Test
    void anInterruptedReindexGoesOnAtTheNextStart() throws Exception {
        MemoryKeyValueStore store = new MemoryKeyValueStore();
        BlockStore blocks = FlatFileBlockStore.inMemory(new MemoryBlockFiles(), params.magic(), 2048);
        ChainManager cm = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        mine(cm, 20);
        Sha256Hash tip = cm.tip().hash();
        ChainManager.wipeChainState(store, blocks, true, PruneOptions.OFF);
        ChainManager first = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        first.reindexBlockFiles(() -> true);
        assertThat(first.reindexPending()).isTrue();
        ChainManager second = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        assertThat(second.reindexPending()).isTrue();
        second.reindexBlockFiles();
        assertThat(second.reindexPending()).isFalse();
        assertThat(second.tip().hash()).isEqualTo(tip);
    }
}
