package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
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
        ChainManager cm = open(store);
        mine(cm, 30);
        var before = cm.utxoStats();
        var balance = cm.addressIndex().orElseThrow().balance(TestBlocks.p2wpkhScript(1));

        ChainManager.wipeChainState(store, false);
        ChainManager reopened = open(store);
        assertThat(reopened.utxoStats()).isEqualTo(before);
        assertThat(reopened.addressIndex().orElseThrow().balance(TestBlocks.p2wpkhScript(1))).isEqualTo(balance);

        ChainManager.wipeChainState(store, true);
        ChainManager rebuilt = open(store);
        assertThat(rebuilt.tip().height()).isZero();
        assertThat(rebuilt.reindexStoredBlocks()).isEqualTo(30);
        assertThat(rebuilt.utxoStats()).isEqualTo(before);
    }
}
