package dev.blocksmith.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.chain.UtxoSetStatistics;
import dev.blocksmith.core.chain.UtxoStats;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoinStatsIndexTest {
    private static final long COIN = 100_000_000L;
    private final NetworkParams params = Networks.REGTEST;
    private final MemoryKeyValueStore chainStore = new MemoryKeyValueStore();
    private final MemoryKeyValueStore indexStore = new MemoryKeyValueStore();
    private final List<AutoCloseable> open = new ArrayList<>();
    /** Coinbases pay OP_TRUE and scripts are not checked here: what matters is which coins enter and leave. */
    private static final Script ANYONE = new ScriptBuilder().op(Opcodes.OP_TRUE).build();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    private ChainManager chain() {
        return ChainManager.open(params, chainStore, (block, spent, flags) -> { }, ChainOptions.defaults(), () -> 1_700_000_000L);
    }

    private CoinStatsIndex index(ChainManager cm) {
        CoinStatsIndex index = new CoinStatsIndex(cm, indexStore);
        open.add(index);
        index.start();
        return index;
    }

    private static List<Block> extend(ChainManager cm, BlockIndex from, int n, int tag, List<Transaction> firstTxs, long fees)
            throws ValidationException {
        List<Block> out = new ArrayList<>();
        BlockIndex prev = from;
        for (int i = 0; i < n; i++) {
            Block b = TestBlocks.nextBlock(Networks.REGTEST, prev, ANYONE, i == 0 ? firstTxs : List.of(), i == 0 ? fees : 0,
                    tag * 1000 + i);
            cm.processBlock(b);
            prev = cm.index(b.hash()).orElseThrow();
            out.add(b);
        }
        return out;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(10);
        }
    }

    /** The index's figures at the tip are those of a full scan of the chain's UTXO set. */
    private static void assertMatchesScan(ChainManager cm, CoinStatsIndex index) {
        assertThat(index.awaitSyncedToTip()).isTrue();
        UtxoStats scan = cm.utxoStats(UtxoSetStatistics.HashType.MUHASH);
        CoinStats stats = index.stats(cm.tip().hash()).orElseThrow();
        assertThat(stats.muhash()).isEqualTo(scan.hash().orElseThrow());
        assertThat(stats.txouts()).isEqualTo(scan.txouts());
        assertThat(stats.totalAmount()).isEqualTo(scan.totalAmount());
        assertThat(stats.bogoSize()).isEqualTo(scan.bogoSize());
        assertThat(index.summary().bestHeight()).isEqualTo(cm.tip().height());
    }

    /** Spends a coinbase: 30 BTC to OP_TRUE, 15 BTC to OP_RETURN, 5 BTC left as fee. */
    private static Transaction spend(Block coinbaseBlock) {
        Transaction cb = coinbaseBlock.transactions().get(0);
        TxIn in = new TxIn(new OutPoint(cb.txid(), 0), Script.ofOwned(new byte[0]), TxIn.SEQUENCE_FINAL, Witness.EMPTY);
        Script opReturn = new ScriptBuilder().op(Opcodes.OP_RETURN).data(new byte[] {1, 2, 3}).build();
        return new Transaction(2, List.of(in), List.of(new TxOut(30 * COIN, ANYONE), new TxOut(15 * COIN, opReturn)), 0);
    }

    @Test
    void followsTheUtxoSetWithSpendsUnspendablesAndUnclaimedRewards() throws Exception {
        ChainManager cm = chain();
        List<Block> mined = extend(cm, cm.tip().index(), 101, 1, List.of(), 0);
        CoinStatsIndex index = index(cm);
        await(() -> index.summary().synced());
        assertMatchesScan(cm, index);

        CoinStats genesis = index.stats(params.genesis().hash()).orElseThrow();
        assertThat(genesis.block()).isEqualTo(new CoinStats.BlockFlows(0, 0, 0, 50 * COIN, 0, 0, 0));
        assertThat(genesis.totalUnspendable()).isEqualTo(50 * COIN);
        assertThat(genesis.txouts()).isZero();

        // The miner claims the subsidy only: the 5 BTC fee is an unclaimed reward.
        Block spendBlock = extend(cm, cm.tip().index(), 1, 2, List.of(spend(mined.get(0))), 0).get(0);
        assertMatchesScan(cm, index);
        CoinStats stats = index.stats(spendBlock.hash()).orElseThrow();
        assertThat(stats.block()).isEqualTo(new CoinStats.BlockFlows(50 * COIN, 50 * COIN, 30 * COIN, 0, 0, 15 * COIN, 5 * COIN));
        assertThat(stats.totalUnspendable()).isEqualTo(70 * COIN);
        assertThat(stats.totalSubsidy()).isEqualTo(103 * 50 * COIN);
    }

    @Test
    void aReorgTakesBlocksBackAndKeepsTheStaleStatistics() throws Exception {
        ChainManager cm = chain();
        List<Block> mined = extend(cm, cm.tip().index(), 101, 1, List.of(), 0);
        CoinStatsIndex index = index(cm);
        await(() -> index.summary().synced());
        BlockIndex fork = cm.tip().index();
        List<Block> stale = extend(cm, fork, 2, 2, List.of(spend(mined.get(0))), 0);
        CoinStats staleTip = index.stats(stale.get(1).hash()).orElseThrow();
        extend(cm, fork, 3, 3, List.of(), 0);
        assertThat(cm.tip().height()).isEqualTo(104);
        assertMatchesScan(cm, index);
        assertThat(index.stats(stale.get(1).hash())).contains(staleTip);
    }

    @Test
    void aRestartResumesAndRewindsPastAReorgMadeWhileStopped() throws Exception {
        ChainManager cm = chain();
        List<Block> mined = extend(cm, cm.tip().index(), 101, 1, List.of(), 0);
        CoinStatsIndex first = index(cm);
        await(() -> first.summary().synced());
        BlockIndex fork = cm.tip().index();
        extend(cm, fork, 2, 2, List.of(spend(mined.get(0))), 0);
        first.close();
        open.remove(first);

        extend(cm, fork, 4, 3, List.of(spend(mined.get(1))), 0);
        assertThat(cm.tip().height()).isEqualTo(105);

        CoinStatsIndex second = index(cm);
        await(() -> second.summary().synced());
        assertMatchesScan(cm, second);
    }

    /**
     * feature_coinstatsindex's unclean restart: the index commits its best block with the chain state flush, so after a
     * kill it resumes from the block the chain resumes from (not from the blocks connected, or taken back, since).
     */
    @Test
    void anUncleanShutdownResumesFromTheLastFlush() throws Exception {
        dev.blocksmith.core.chain.BlockStore files = dev.blocksmith.core.chain.FlatFileBlockStore.inMemory(params.magic());
        java.util.function.Supplier<ChainManager> reopen = () -> ChainManager.open(params, chainStore, files,
                (block, spent, flags) -> { }, ChainOptions.defaults(), () -> 1_700_000_000L);
        ChainManager cm = reopen.get();
        List<Block> mined = extend(cm, cm.tip().index(), 101, 1, List.of(), 0);
        CoinStatsIndex first = new CoinStatsIndex(cm, indexStore);
        first.start();
        await(() -> first.summary().synced());
        cm.flush();
        List<Block> after = extend(cm, cm.tip().index(), 2, 2, List.of(spend(mined.get(0))), 0);
        cm.invalidateBlock(after.get(1).hash());
        extend(cm, cm.tip().index(), 1, 3, List.of(), 0);
        assertThat(first.awaitSyncedToTip()).isTrue();
        assertThat(first.summary().bestHeight()).isEqualTo(103);

        // The process dies: neither the chain nor the index is closed.
        ChainManager restarted = reopen.get();
        assertThat(restarted.tip().height()).isEqualTo(101);
        CoinStatsIndex second = new CoinStatsIndex(restarted, indexStore);
        open.add(second);
        // It stands at the flushed tip already: nothing to build again.
        assertThat(second.summary().bestHeight()).isEqualTo(101);
        assertThat(second.catchUpStartHeight()).isEmpty();
        second.start();
        await(() -> second.summary().synced());
        assertMatchesScan(restarted, second);
        // And it follows the chain again from there.
        extend(restarted, restarted.tip().index(), 2, 4, List.of(spend(mined.get(1))), 0);
        assertMatchesScan(restarted, second);
    }
}
