package dev.blocksmith.bench;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.testing.TestWallet;
import dev.blocksmith.core.testing.TestWallet.Kind;
import dev.blocksmith.core.testing.TestWallet.Utxo;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole-block validation of a large block: {@code ChainManager.processBlock} of one block of 4000
 * transactions that spend every output type the node knows (P2PKH, P2SH multisig, P2WPKH, P2WSH multisig,
 * P2SH-P2WPKH, P2TR key path and script path, in turn), on a fresh in-memory chain state each time: header
 * and PoW, merkle root, context-free and contextual checks, UTXO lookups, fees, sigops, every script with
 * a cold signature cache on all cores, and the atomic write of UTXO delta, undo data and indexes. The
 * score is milliseconds per block; {@code run-sigverify.sh} prints it with inputs per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5)
@Measurement(iterations = 15)
public class BlockValidationBenchmark {
    public static final int SPENDS = 4000;
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long COIN_VALUE = 1_000_000L;
    private static final long FEE = 2_000L;

    private final List<Block> prefix = new ArrayList<>();
    private Block large;
    private ChainManager chain;
    private ParallelScriptVerifier verifier;

    @Setup(Level.Trial)
    public void buildBlocks() throws ValidationException {
        TestWallet wallet = new TestWallet();
        try (ParallelScriptVerifier builderScripts = new ParallelScriptVerifier(new ScriptValidation(new SignatureCache(1 << 16)))) {
            buildBlocks(wallet, freshChain(builderScripts));
        }
        System.out.printf("%nlarge block: %d transactions, %d bytes, %d weight units%n",
                large.transactions().size(), large.totalSize(), large.weight());
    }

    private void buildBlocks(TestWallet wallet, ChainManager builder) throws ValidationException {
        // Block 1 pays the wallet; 100 more make its coinbase mature.
        mine(builder, wallet, List.of(), 0);
        Transaction coinbase = prefix.get(0).transactions().get(0);
        for (int i = 0; i < 100; i++) mine(builder, wallet, List.of(), 0);

        // Block 102 fans the coinbase out into one coin per spend, of each kind in turn.
        List<TxOut> outs = new ArrayList<>();
        for (int i = 0; i < SPENDS; i++) outs.add(new TxOut(COIN_VALUE, wallet.scriptPubKey(kind(i))));
        long change = coinbase.output(0).value() - SPENDS * COIN_VALUE - FEE;
        outs.add(new TxOut(change, wallet.mainScript()));
        Utxo cb = new Utxo(new OutPoint(coinbase.txid(), 0), coinbase.output(0), Kind.P2PKH);
        Transaction fanOut = wallet.sign(new Transaction(2, List.of(new TxIn(cb.outPoint(), Script.EMPTY,
                TxIn.SEQUENCE_FINAL)), outs, 0), List.of(cb));
        mine(builder, wallet, List.of(fanOut), FEE);

        // Block 103, the measured one: every coin spent by its own transaction.
        List<Transaction> spends = new ArrayList<>();
        for (int i = 0; i < SPENDS; i++) {
            Utxo u = new Utxo(new OutPoint(fanOut.txid(), i), fanOut.output(i), kind(i));
            Transaction unsigned = new Transaction(2, List.of(new TxIn(u.outPoint(), Script.EMPTY,
                    TxIn.SEQUENCE_FINAL)), List.of(new TxOut(COIN_VALUE - FEE, wallet.scriptPubKey(Kind.P2WPKH))), 0);
            spends.add(wallet.sign(unsigned, List.of(u)));
        }
        large = TestBlocks.nextBlock(PARAMS, builder.tip().index(), wallet.mainScript(), spends, SPENDS * FEE, 103);
    }

    @Setup(Level.Invocation)
    public void freshChainAtBlock102() throws ValidationException {
        verifier = new ParallelScriptVerifier(new ScriptValidation(new SignatureCache(1 << 16)));
        chain = freshChain(verifier);
        for (Block b : prefix) chain.processBlock(b);
    }

    @TearDown(Level.Invocation)
    public void closeVerifier() {
        verifier.close();
    }

    @Benchmark
    public ChainManager connectLargeBlock() throws ValidationException {
        chain.processBlock(large);
        if (!chain.tip().hash().equals(large.hash())) throw new IllegalStateException("the large block did not connect");
        return chain;
    }

    private static Kind kind(int i) {
        return Kind.values()[i % Kind.values().length];
    }

    private void mine(ChainManager builder, TestWallet wallet, List<Transaction> txs, long fees) throws ValidationException {
        Block b = TestBlocks.nextBlock(PARAMS, builder.tip().index(), wallet.mainScript(), txs, fees, prefix.size() + 1);
        builder.processBlock(b);
        prefix.add(b);
    }

    private static ChainManager freshChain(ParallelScriptVerifier verifier) {
        return ChainManager.open(PARAMS, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(),
                () -> System.currentTimeMillis() / 1000);
    }
}
