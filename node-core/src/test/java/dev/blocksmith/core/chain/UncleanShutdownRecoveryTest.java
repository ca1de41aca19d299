package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.index.AddressIndex;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * bitcoind's crash contract: after an unclean shutdown the node knows the chain as of its last chain state flush, the
 * blocks connected since are forgotten (and downloaded again), and what pruning did stays done. A "crash" here is a
 * second {@link ChainManager} opened on the same store without closing the first.
 */
class UncleanShutdownRecoveryTest {
    private final NetworkParams params = Networks.REGTEST;
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final MemoryBlockFiles files = new MemoryBlockFiles();
    private final BlockStore blocks = FlatFileBlockStore.inMemory(files, params.magic(), 1);
    private final Script pay = TestBlocks.p2wpkhScript(3);
    /** -addressindex and -txindex on: both are written per block and must be taken back too. */
    private final ChainOptions options = new ChainOptions(true, true);

    private ChainManager open() {
        return open(options);
    }

    private ChainManager open(ChainOptions opts) {
        return ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), opts, () -> 1_700_000_000L);
    }

    private List<Block> extend(ChainManager cm, BlockIndex from, int n, int tag) throws ValidationException {
        List<Block> out = new ArrayList<>();
        BlockIndex prev = from;
        for (int i = 0; i < n; i++) {
            Block b = TestBlocks.nextBlock(params, prev, pay, List.of(), 0, tag * 10_000 + i);
            cm.processBlock(b);
            prev = cm.index(b.hash()).orElseThrow();
            out.add(b);
        }
        return out;
    }

    private long subsidies(int toHeight) {
        long sum = 0;
        for (int h = 1; h <= toHeight; h++) sum += Subsidy.at(h, params);
        return sum;
    }

    private static Sha256Hash coinbase(Block b) {
        return b.transactions().get(0).txid();
    }

    private boolean journalEmpty() {
        return !new ChainDb(store).hasJournal();
    }

    @Test
    void blocksConnectedAfterTheLastFlushAreForgottenAndDownloadedAgain() throws Exception {
        ChainManager cm = open();
        List<Block> flushed = extend(cm, cm.tip().index(), 5, 1);
        cm.flush();
        assertThat(journalEmpty()).isTrue();
        List<Block> after = extend(cm, cm.tip().index(), 3, 2);
        assertThat(cm.tip().height()).isEqualTo(8);
        assertThat(journalEmpty()).isFalse();

        ChainManager restarted = open();
        assertThat(journalEmpty()).isTrue();
        assertThat(restarted.tip().hash()).isEqualTo(flushed.get(4).hash());
        for (Block b : after) {
            assertThat(restarted.index(b.hash())).isEmpty();
            assertThat(restarted.txLocation(coinbase(b))).isEmpty();
        }
        assertThat(restarted.atHeight(6)).isEmpty();
        assertThat(restarted.txLocation(coinbase(flushed.get(2)))).contains(new TxLocation(flushed.get(2).hash(), 0));
        assertThat(restarted.addressIndex().orElseThrow().balance(pay).balance()).isEqualTo(subsidies(5));
        assertThat(restarted.utxoStats().txouts()).isEqualTo(5);

        // The peers send the blocks again: they connect as new ones.
        for (Block b : after) assertThat(restarted.processBlock(b)).isEqualTo(BlockAcceptance.CONNECTED);
        assertThat(restarted.tip().hash()).isEqualTo(after.get(2).hash());
        assertThat(restarted.addressIndex().orElseThrow().balance(pay).balance()).isEqualTo(subsidies(8));
        assertThat(restarted.txLocation(coinbase(after.get(1)))).contains(new TxLocation(after.get(1).hash(), 0));
    }

    @Test
    void aReorgAfterTheLastFlushIsTakenBackToTheFlushedBranch() throws Exception {
        ChainManager cm = open();
        List<Block> a = extend(cm, cm.tip().index(), 6, 1);
        cm.flush();
        List<Block> b = extend(cm, cm.atHeight(3).orElseThrow(), 5, 2);
        assertThat(cm.tip().hash()).isEqualTo(b.get(4).hash());

        ChainManager restarted = open();
        assertThat(restarted.tip().hash()).isEqualTo(a.get(5).hash());
        for (int h = 1; h <= 6; h++) assertThat(restarted.atHeight(h).orElseThrow().hash()).isEqualTo(a.get(h - 1).hash());
        assertThat(restarted.atHeight(7)).isEmpty();
        for (Block blk : b) {
            assertThat(restarted.index(blk.hash())).isEmpty();
            assertThat(restarted.txLocation(coinbase(blk))).isEmpty();
        }
        for (Block blk : a) assertThat(restarted.txLocation(coinbase(blk))).contains(new TxLocation(blk.hash(), 0));
        var addresses = restarted.addressIndex().orElseThrow();
        assertThat(addresses.balance(pay).balance()).isEqualTo(subsidies(6));
        assertThat(addresses.utxos(pay)).hasSize(6);
        assertThat(restarted.utxoStats().txouts()).isEqualTo(6);
        assertThat(restarted.verifyChain(4, 6)).isTrue();
    }

    @Test
    void anInvalidationAfterTheLastFlushIsForgotten() throws Exception {
        ChainManager cm = open();
        List<Block> a = extend(cm, cm.tip().index(), 4, 1);
        cm.flush();
        cm.invalidateBlock(a.get(3).hash());
        extend(cm, cm.tip().index(), 1, 2);

        ChainManager restarted = open();
        assertThat(restarted.tip().hash()).isEqualTo(a.get(3).hash());
        assertThat(restarted.index(a.get(3).hash()).orElseThrow().isFailed()).isFalse();
        assertThat(restarted.addressIndex().orElseThrow().balance(pay).balance()).isEqualTo(subsidies(4));
    }

    @Test
    void aPrunedBlockStaysPrunedAfterAnUncleanShutdown() throws Exception {
        ChainOptions pruning = new ChainOptions(true, false).withPrune(new PruneOptions(PruneOptions.MANUAL, true));
        ChainManager cm = open(pruning);
        extend(cm, cm.tip().index(), 400, 1);
        assertThat(cm.pruneBlockchain(112)).isEqualTo(OptionalInt.of(112));
        extend(cm, cm.tip().index(), 3, 2);

        ChainManager restarted = open(pruning);
        assertThat(restarted.tip().height()).isEqualTo(400);
        assertThat(restarted.havePruned()).isTrue();
        assertThat(restarted.lastPrunedHeight()).isEqualTo(OptionalInt.of(112));
        for (int h = 1; h <= 112; h++) assertThat(restarted.isBlockPruned(restarted.atHeight(h).orElseThrow())).isTrue();
        assertThat(restarted.hasBlockData(113, 400)).isTrue();
        assertThat(files.exists("blk00001.dat")).isFalse();
    }

    @Test
    void aCleanShutdownForgetsNothing() throws Exception {
        ChainManager cm = open();
        extend(cm, cm.tip().index(), 5, 1);
        cm.flush();
        List<Block> after = extend(cm, cm.tip().index(), 3, 2);
        cm.close();
        assertThat(journalEmpty()).isTrue();

        ChainManager restarted = open();
        assertThat(restarted.tip().hash()).isEqualTo(after.get(2).hash());
        assertThat(restarted.addressIndex().orElseThrow().balance(pay).balance()).isEqualTo(subsidies(8));
        assertThat(restarted.txLocation(coinbase(after.get(2)))).contains(new TxLocation(after.get(2).hash(), 0));
        assertThat(store.get(StoreSegment.HEIGHTS, ChainDb.heightKey(8))).isPresent();
    }

    /** -txindex turned off for the start after the crash still loses the forgotten blocks' entries. */
    @Test
    void txIndexEntriesOfForgottenBlocksGoEvenWhenTheRestartRunsWithoutIt() throws Exception {
        ChainManager cm = open();
        List<Block> a = extend(cm, cm.tip().index(), 4, 1);
        cm.flush();
        List<Block> b = extend(cm, cm.atHeight(2).orElseThrow(), 4, 2);

        ChainManager without = open(new ChainOptions(true, false));
        assertThat(without.tip().hash()).isEqualTo(a.get(3).hash());
        without.close();
        ChainManager with = open();
        for (Block blk : b) assertThat(with.txLocation(coinbase(blk))).isEmpty();
        for (Block blk : a) assertThat(with.txLocation(coinbase(blk))).contains(new TxLocation(blk.hash(), 0));
    }

    @Test
    void indexEntriesReachTheDiskWithTheFlushAndAreQueriedBeforeIt() throws Exception {
        ChainManager cm = open();
        List<Block> a = extend(cm, cm.tip().index(), 3, 1);
        for (Block blk : a) {
            assertThat(cm.txLocation(coinbase(blk))).contains(new TxLocation(blk.hash(), 0));
            assertThat(ChainDb.txLocation(store, coinbase(blk))).isEmpty();
        }
        assertThat(cm.addressIndex().orElseThrow().balance(pay).balance()).isEqualTo(subsidies(3));
        cm.flush();
        for (Block blk : a) assertThat(ChainDb.txLocation(store, coinbase(blk))).contains(new TxLocation(blk.hash(), 0));
        assertThat(new AddressIndex(store).balance(pay).balance()).isEqualTo(subsidies(3));
    }

    @Test
    void aSchema3DatabasesIndexEntriesOfForgottenBlocksAreTakenBack() throws Exception {
        ChainManager cm = open();
        List<Block> a = extend(cm, cm.tip().index(), 3, 1);
        cm.flush();
        List<Block> b = extend(cm, cm.tip().index(), 2, 2);
        // What schema 3 wrote with each block: the -txindex entries of the blocks connected after the flush.
        try (WriteBatch w = store.newBatch()) {
            for (Block blk : b) ChainDb.putTxIndexEntries(w, blk, cm.index(blk.hash()).orElseThrow());
            ChainDb.putSchemaVersion(w, ChainDb.SCHEMA_INDEXES_PER_BLOCK);
            w.commit();
        }
        assertThat(ChainDb.txLocation(store, coinbase(b.get(0)))).isPresent();

        ChainManager reopened = open();
        assertThat(reopened.tip().hash()).isEqualTo(a.get(2).hash());
        for (Block blk : b) assertThat(reopened.txLocation(coinbase(blk))).isEmpty();
        for (Block blk : a) assertThat(reopened.txLocation(coinbase(blk))).contains(new TxLocation(blk.hash(), 0));
        assertThat(reopened.db().schemaVersion()).contains(ChainDb.SCHEMA_VERSION);
    }
}
