package dev.blocksmith.bench;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.consensus.DifficultyCalculator;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.mempool.AcceptOptions;
import dev.blocksmith.core.mempool.FeeEstimator;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.miner.template.BlockAssembler;
import dev.blocksmith.miner.template.TemplateTransaction;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mempool bookkeeping speed, with script verification switched off so that the figures show the
 * pool's own work (policy checks, coin lookups, package links and aggregates, eviction, selection);
 * signature cost is what {@link SignatureVerifyBenchmark} measures.
 *
 * <ul>
 *   <li>{@code accept}: 2000 one-in-one-out spends of confirmed coins into an empty pool, as
 *       transactions per second.
 *   <li>{@code acceptChains}: the same 2000 spends arranged as 80 chains of 25, so every acceptance
 *       walks and updates up to 24 ancestors; transactions per second.
 *   <li>{@code acceptUnderEviction}: the 2000 spends into a pool capped at about 1000 of them, so
 *       about every other acceptance evicts the lowest-fee package; transactions per second.
 *   <li>{@code selectForBlock}: one block selection over a pool of the 80 chains of 25; selections
 *       per second.
 * </ul>
 *
 * <p>Run: {@code java -jar node-bench/target/benchmarks.jar MempoolBenchmark -f 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class MempoolBenchmark {
    static final int TXS = 2000;
    static final int CHAIN = 25;
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = 1_700_000_000L;
    private static final Script SPK = new ScriptBuilder().op(0).data(new byte[20]).build();
    /** Benchmarks of the pool's bookkeeping only: blocks and transactions skip script verification. */
    private static final BlockScriptVerifier BLOCKS_WITHOUT_SCRIPT_CHECKS = (block, spent, flags) -> { };
    private static final TxScriptChecker TXS_WITHOUT_SCRIPT_CHECKS = (tx, spent, flags) -> Optional.empty();

    /** A regtest chain with 2000 confirmed outputs and the spends of them. */
    @State(Scope.Benchmark)
    public static class Chain {
        ChainManager chain;
        final List<Transaction> independent = new ArrayList<>();
        final List<Transaction> chains = new ArrayList<>();
        Mempool full;
        Mempool fresh;

        @Setup(Level.Trial)
        public void setUp() throws ValidationException {
            chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), BLOCKS_WITHOUT_SCRIPT_CHECKS, new ChainOptions(false, false),
                    () -> NOW);
            for (int i = 0; i < 101; i++) mine(List.of());
            Transaction cb = chain.block(chain.atHeight(1).orElseThrow().hash()).orElseThrow().coinbase();
            long each = (cb.output(0).value() - 1_000_000) / TXS;
            List<TxOut> outs = new ArrayList<>();
            for (int i = 0; i < TXS; i++) outs.add(new TxOut(each, SPK));
            Transaction fan = new Transaction(2, List.of(new TxIn(new OutPoint(cb.txid(), 0), Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                    outs, 0);
            mine(List.of(fan));
            for (int i = 0; i < TXS; i++) {
                // Fees from 1 to about 10 sat/vB, spread so eviction and selection have work to do.
                independent.add(spend(new OutPoint(fan.txid(), i), each, 100 + (i * 37L) % 900));
            }
            for (int c = 0; c < TXS / CHAIN; c++) {
                OutPoint prev = new OutPoint(fan.txid(), c);
                long value = each;
                for (int d = 0; d < CHAIN; d++) {
                    long fee = 100 + ((c * CHAIN + d) * 37L) % 900;
                    Transaction tx = spend(prev, value, fee);
                    chains.add(tx);
                    prev = new OutPoint(tx.txid(), 0);
                    value -= fee;
                }
            }
            full = newPool(MempoolOptions.defaults());
            for (Transaction tx : chains) accept(full, tx);
            // Baselines: every transaction is really accepted, and the capped pool really evicts.
            Mempool check = newPool(MempoolOptions.defaults());
            for (Transaction tx : independent) accept(check, tx);
            Mempool capped = newPool(cappedOptions());
            for (Transaction tx : independent) accept(capped, tx);
            if (full.size() != TXS || check.size() != TXS || capped.size() >= TXS * 3 / 4 || BlockAssembler.select(full.miningCandidates(), 4_000_000, 80_000, FeeRate.ofSatsPerKvB(1)).size() != TXS) {
                throw new IllegalStateException("benchmark set-up is not what the figures claim");
            }
        }

        static MempoolOptions cappedOptions() {
            // About a thousand of the benchmark's transactions' estimated memory use.
            return MempoolOptions.defaults().withMaxMempoolBytes(1000L * 700);
        }

        Mempool newPool(MempoolOptions options) {
            return new Mempool(chain, options, TXS_WITHOUT_SCRIPT_CHECKS, new FeeEstimator(), () -> NOW);
        }

        private static Transaction spend(OutPoint prev, long value, long fee) {
            return new Transaction(2, List.of(new TxIn(prev, Script.EMPTY, TxIn.SEQUENCE_FINAL - 2)),
                    List.of(new TxOut(value - fee, SPK)), 0);
        }

        private void mine(List<Transaction> txs) throws ValidationException {
            BlockIndex prev = chain.tip().index();
            int height = prev.height() + 1;
            Script sig = new ScriptBuilder().number(height).data(new byte[] {0x42}).build();
            Transaction cb = new Transaction(2, List.of(new TxIn(OutPoint.NULL, sig, TxIn.SEQUENCE_FINAL)),
                    List.of(new TxOut(Subsidy.at(height, PARAMS), SPK)), 0);
            List<Transaction> all = new ArrayList<>();
            all.add(cb);
            all.addAll(txs);
            List<Sha256Hash> ids = all.stream().map(Transaction::txid).toList();
            long time = prev.time() + 1;
            BlockHeader h = new BlockHeader(0x20000000, prev.hash(), MerkleTree.root(ids), time,
                    DifficultyCalculator.nextWorkRequired(prev, time, PARAMS), 0);
            while (!Difficulty.checkProofOfWork(h.hash(), h.bits(), PARAMS.powLimit())) h = h.withNonce(h.nonce() + 1);
            chain.processBlock(new Block(h, all));
        }
    }

    static void accept(Mempool pool, Transaction tx) {
        try {
            pool.accept(tx, AcceptOptions.relay());
        } catch (ValidationException e) {
            if (!e.reason().equals("mempool full") && !e.reason().equals("mempool min fee not met")) {
                throw new IllegalStateException(e);
            }
        }
    }

    @State(Scope.Thread)
    public static class FreshPool {
        Mempool pool;
        Mempool capped;

        @Setup(Level.Invocation)
        public void setUp(Chain c) {
            pool = c.newPool(MempoolOptions.defaults());
            capped = c.newPool(Chain.cappedOptions());
        }
    }

    @Benchmark
    @OperationsPerInvocation(TXS)
    public int accept(Chain c, FreshPool p) {
        for (Transaction tx : c.independent) accept(p.pool, tx);
        return p.pool.size();
    }

    @Benchmark
    @OperationsPerInvocation(TXS)
    public int acceptChains(Chain c, FreshPool p) {
        for (Transaction tx : c.chains) accept(p.pool, tx);
        return p.pool.size();
    }

    @Benchmark
    @OperationsPerInvocation(TXS)
    public int acceptUnderEviction(Chain c, FreshPool p) {
        for (Transaction tx : c.independent) accept(p.capped, tx);
        return p.capped.size();
    }

    @Benchmark
    public List<TemplateTransaction> selectForBlock(Chain c) {
        return BlockAssembler.select(c.full.miningCandidates(), 4_000_000, 80_000, FeeRate.ofSatsPerKvB(1));
    }
}
