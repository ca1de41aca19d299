package dev.blocksmith.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
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
import java.util.Set;
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

    /** Reads the blocks from the chain, failing for those in {@code gone} (as pruned ones fail in the RPC). */
    private BlockFilterScan.BlockReader<BlockGone> reader(Set<Integer> gone) {
        return new BlockFilterScan.BlockReader<>() {
            @Override
            public Block block(BlockIndex i) throws BlockGone {
                if (gone.contains(i.height())) throw new BlockGone();
                return chain.block(i.hash()).orElseThrow();
            }

            @Override
            public BlockUndo undo(BlockIndex i) throws BlockGone {
                if (gone.contains(i.height())) throw new BlockGone();
                return i.height() == 0 ? new BlockUndo(List.of()) : chain.undo(i.hash()).orElseThrow();
            }
        };
    }

    static final class BlockGone extends Exception {
    }

    private BlockIndex at(int height) {
        return chain.atHeight(height).orElseThrow();
    }

    @Test
    void findsTheBlocksPayingToTheScriptsWithinTheHeights() throws Exception {
        BlockFilterScan scan = new BlockFilterScan(index);
        List<byte[]> needles = List.of(TestBlocks.p2wpkhScript(12).bytes(), TestBlocks.p2wpkhScript(15).bytes());
        BlockFilterScan.Result all = scan.scan(at(0), at(6), needles, true, reader(Set.of()), () -> false, (p, h) -> { });
        assertThat(all).isEqualTo(new BlockFilterScan.Result(0, 6, List.of(blocks.get(1).hash(), blocks.get(4).hash()), true));

        BlockFilterScan.Result part = scan.scan(at(3), at(4), needles, false, reader(Set.of()), () -> false, (p, h) -> { });
        assertThat(part.relevantBlocks()).isEmpty();
        assertThat(part.fromHeight()).isEqualTo(3);
        assertThat(part.toHeight()).isEqualTo(4);
    }

    @Test
    void anAbortedScanReportsItIsIncomplete() throws Exception {
        List<Integer> progress = new ArrayList<>();
        BlockFilterScan.Result r = new BlockFilterScan(index).scan(at(2), at(6),
                List.of(TestBlocks.p2wpkhScript(13).bytes()), false, reader(Set.of()), () -> true, (p, h) -> progress.add(p));
        assertThat(r.completed()).isFalse();
        assertThat(r.toHeight()).isEqualTo(2);
        assertThat(r.relevantBlocks()).isEmpty();
        assertThat(progress).containsExactly(0);
        List<Sha256Hash> none = new BlockFilterScan(index).scan(at(0), at(6), List.of(new byte[] {0x51}), true,
                reader(Set.of()), () -> false, (p, h) -> { }).relevantBlocks();
        assertThat(none).isEmpty();
    }

    @Test
    void theFalsePositiveCheckFailsWhereAMatchedBlockCannotBeRead() throws Exception {
        BlockFilterScan scan = new BlockFilterScan(index);
        List<byte[]> needles = List.of(TestBlocks.p2wpkhScript(12).bytes());
        // Block 2 matches and cannot be read: bitcoind's scanblocks fails rather than guess.
        assertThatThrownBy(() -> scan.scan(at(0), at(6), needles, true, reader(Set.of(2)), () -> false, (p, h) -> { }))
                .isInstanceOf(BlockGone.class);
        // Blocks the filter does not match are never read, and without the check none is.
        assertThat(scan.scan(at(0), at(6), needles, true, reader(Set.of(1, 3, 4, 5, 6)), () -> false, (p, h) -> { })
                .relevantBlocks()).containsExactly(blocks.get(1).hash());
        assertThat(scan.scan(at(0), at(6), needles, false, reader(Set.of(0, 1, 2, 3, 4, 5, 6)), () -> false, (p, h) -> { })
                .relevantBlocks()).containsExactly(blocks.get(1).hash());
    }
}
