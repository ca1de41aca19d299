package dev.blocksmith.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockFilterScanTest {
    private ChainManager chain;
    private BlockFilterIndex index;
    private final List<Block> blocks = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> 1_700_000_000L);
        index = new BlockFilterIndex(BlockFilterType.BASIC, chain, new MemoryKeyValueStore());
        index.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!index.summary().synced() && System.nanoTime() < deadline) Thread.sleep(10);
        // Block i pays to script tag 10 + i: each script is in exactly one block.
        for (int i = 1; i <= 6; i++) {
            Block b = TestBlocks.nextBlock(Networks.REGTEST, chain.tip().index(), TestBlocks.p2wpkhScript(10 + i), List.of(), 0, i);
            chain.processBlock(b);
            blocks.add(b);
        }
    }

    @AfterEach
    void tearDown() {
        index.close();
        chain.close();
    }

    private BlockIndex at(int height) {
        return chain.atHeight(height).orElseThrow();
    }

    @Test
    void findsTheBlocksPayingToTheScriptsWithinTheHeights() {
        BlockFilterScan scan = new BlockFilterScan(chain, index);
        List<byte[]> needles = List.of(TestBlocks.p2wpkhScript(12).bytes(), TestBlocks.p2wpkhScript(15).bytes());
        BlockFilterScan.Result all = scan.scan(at(0), at(6), needles, true, () -> false, (p, h) -> { });
        assertThat(all).isEqualTo(new BlockFilterScan.Result(0, 6, List.of(blocks.get(1).hash(), blocks.get(4).hash()), true));

        BlockFilterScan.Result part = scan.scan(at(3), at(4), needles, false, () -> false, (p, h) -> { });
        assertThat(part.relevantBlocks()).isEmpty();
        assertThat(part.fromHeight()).isEqualTo(3);
        assertThat(part.toHeight()).isEqualTo(4);
    }

    @Test
    void anAbortedScanReportsItIsIncomplete() {
        List<Integer> progress = new ArrayList<>();
        BlockFilterScan.Result r = new BlockFilterScan(chain, index).scan(at(2), at(6),
                List.of(TestBlocks.p2wpkhScript(13).bytes()), false, () -> true, (p, h) -> progress.add(p));
        assertThat(r.completed()).isFalse();
        assertThat(r.toHeight()).isEqualTo(2);
        assertThat(r.relevantBlocks()).isEmpty();
        assertThat(progress).containsExactly(0);
        List<Sha256Hash> none = new BlockFilterScan(chain, index).scan(at(0), at(6), List.of(new byte[] {0x51}), true,
                () -> false, (p, h) -> { }).relevantBlocks();
        assertThat(none).isEmpty();
    }
}
