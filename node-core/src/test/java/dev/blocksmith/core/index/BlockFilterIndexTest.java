package dev.blocksmith.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.filter.BlockFilter;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlockFilterIndexTest {
    private final NetworkParams params = Networks.REGTEST;
    private final MemoryKeyValueStore chainStore = new MemoryKeyValueStore();
    private final MemoryKeyValueStore indexStore = new MemoryKeyValueStore();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    private ChainManager chain() {
        ChainManager cm = ChainManager.open(params, chainStore, new RejectSpendsVerifier(), ChainOptions.defaults(),
                () -> 1_700_000_000L);
        return cm;
    }

    private BlockFilterIndex index(ChainManager cm) {
        BlockFilterIndex index = new BlockFilterIndex(BlockFilterType.BASIC, cm, indexStore);
        open.add(index);
        index.start();
        return index;
    }

    private static List<Block> extend(ChainManager cm, BlockIndex from, int n, Script payTo, int tag) throws ValidationException {
        List<Block> out = new ArrayList<>();
        BlockIndex prev = from;
        for (int i = 0; i < n; i++) {
            Block b = TestBlocks.nextBlock(Networks.REGTEST, prev, payTo, List.of(), 0, tag * 1000 + i);
            cm.processBlock(b);
            prev = cm.index(b.hash()).orElseThrow();
            out.add(b);
        }
        return out;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(10);
        }
    }

    /** The filter and header chain recomputed from the chain itself, block by block from genesis. */
    private static void assertMatchesChain(ChainManager cm, BlockFilterIndex index, BlockIndex tip) {
        List<BlockIndex> path = new ArrayList<>();
        for (BlockIndex b = tip; b != null; b = b.prev()) path.add(0, b);
        Sha256Hash header = Sha256Hash.ZERO;
        for (BlockIndex b : path) {
            Block block = cm.block(b.hash()).orElseThrow();
            BlockUndo undo = b.height() == 0 ? new BlockUndo(List.of()) : cm.undo(b.hash()).orElse(new BlockUndo(List.of()));
            BlockFilter expected = BlockFilter.basic(block, undo);
            BlockFilterIndex.Entry entry = index.entry(b.hash()).orElseThrow();
            assertThat(entry.filter().encoded()).isEqualTo(expected.encoded());
            assertThat(entry.filterHash()).isEqualTo(expected.hash());
            header = expected.header(header);
            assertThat(entry.header()).as("header at %d", b.height()).isEqualTo(header);
        }
    }

    @Test
    void catchesUpInTheBackgroundThenFollowsNewBlocks() throws Exception {
        ChainManager cm = chain();
        Script pay = TestBlocks.p2wpkhScript(1);
        extend(cm, cm.tip().index(), 20, pay, 1);
        BlockFilterIndex index = index(cm);
        await(() -> index.summary().synced());
        assertThat(index.summary()).isEqualTo(new ChainIndex.IndexSummary("basic block filter index", true, 20));

        extend(cm, cm.tip().index(), 3, pay, 2);
        assertThat(index.awaitSyncedToTip()).isTrue();
        assertThat(index.summary().bestHeight()).isEqualTo(23);
        assertMatchesChain(cm, index, cm.tip().index());
    }

    @Test
    void aReorgKeepsTheStaleFiltersAndIndexesTheNewBranch() throws Exception {
        ChainManager cm = chain();
        BlockFilterIndex index = index(cm);
        await(() -> index.summary().synced());
        List<Block> common = extend(cm, cm.tip().index(), 3, TestBlocks.p2wpkhScript(1), 1);
        BlockIndex fork = cm.index(common.get(2).hash()).orElseThrow();
        List<Block> stale = extend(cm, fork, 2, TestBlocks.p2wpkhScript(2), 2);
        List<Block> winning = extend(cm, fork, 3, TestBlocks.p2wpkhScript(3), 3);
        assertThat(cm.tip().hash()).isEqualTo(winning.get(2).hash());

        assertThat(index.summary().bestHeight()).isEqualTo(6);
        assertMatchesChain(cm, index, cm.tip().index());
        // The stale branch stays readable by hash, with headers chained along its own ancestors.
        assertMatchesChain(cm, index, cm.index(stale.get(1).hash()).orElseThrow());
    }

    @Test
    void aRestartContinuesFromTheStoredBestBlockAndRewindsPastAReorg() throws Exception {
        ChainManager cm = chain();
        BlockFilterIndex first = index(cm);
        await(() -> first.summary().synced());
        List<Block> common = extend(cm, cm.tip().index(), 4, TestBlocks.p2wpkhScript(1), 1);
        first.close();
        open.remove(first);

        // While the index is stopped the chain reorganises away from the block it last indexed.
        BlockIndex fork = cm.index(common.get(1).hash()).orElseThrow();
        extend(cm, fork, 5, TestBlocks.p2wpkhScript(2), 2);
        assertThat(cm.tip().height()).isEqualTo(7);

        BlockFilterIndex second = index(cm);
        await(() -> second.summary().synced());
        assertThat(second.summary().bestHeight()).isEqualTo(7);
        assertMatchesChain(cm, second, cm.tip().index());
    }

    /** After a kill the index resumes from the best block it committed at the last chain state flush. */
    @Test
    void anUncleanShutdownResumesFromTheLastFlush() throws Exception {
        dev.blocksmith.core.chain.BlockStore files = dev.blocksmith.core.chain.FlatFileBlockStore.inMemory(params.magic());
        java.util.function.Supplier<ChainManager> reopen = () -> ChainManager.open(params, chainStore, files,
                new RejectSpendsVerifier(), ChainOptions.defaults(), () -> 1_700_000_000L);
        ChainManager cm = reopen.get();
        BlockFilterIndex first = new BlockFilterIndex(BlockFilterType.BASIC, cm, indexStore);
        first.start();
        await(() -> first.summary().synced());
        List<Block> common = extend(cm, cm.tip().index(), 4, TestBlocks.p2wpkhScript(1), 1);
        cm.flush();
        extend(cm, cm.index(common.get(1).hash()).orElseThrow(), 5, TestBlocks.p2wpkhScript(2), 2);
        assertThat(first.summary().bestHeight()).isEqualTo(7);

        ChainManager restarted = reopen.get();
        assertThat(restarted.tip().hash()).isEqualTo(common.get(3).hash());
        BlockFilterIndex second = new BlockFilterIndex(BlockFilterType.BASIC, restarted, indexStore);
        open.add(second);
        assertThat(second.catchUpStartHeight()).isEmpty();
        second.start();
        await(() -> second.summary().synced());
        assertThat(second.summary().bestHeight()).isEqualTo(4);
        assertMatchesChain(restarted, second, restarted.tip().index());
    }
}
