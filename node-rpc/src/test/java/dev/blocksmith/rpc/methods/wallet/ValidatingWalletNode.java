package dev.blocksmith.rpc.methods.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.rawtransactions.PsbtMethods;
import dev.blocksmith.wallet.FeeEstimator;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.WalletOptions;
import dev.blocksmith.wallet.keystore.ScryptParams;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A regtest node for wallet tests whose blocks are fully validated (every script checked on 2 threads): a chain,
 * the wallet and PSBT methods, and the transactions wallets broadcast collected until the next block mines
 * them. {@link #pool()} is a real mempool for the methods that check transactions against policy.
 */
final class ValidatingWalletNode implements AutoCloseable {
    static final NetworkParams PARAMS = Networks.REGTEST;
    static final long NOW = PARAMS.genesis().header().time() + 3600;

    private final ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 2);
    private final ChainManager chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(), () -> NOW);
    private final List<Transaction> broadcast = new ArrayList<>();
    private final Mempool pool = new Mempool(chain, MempoolOptions.defaults(), TxScriptChecker.of(ScriptValidation.uncached()),
            new dev.blocksmith.core.mempool.FeeEstimator(), () -> NOW);
    private final MethodRegistry registry = new MethodRegistry();
    private final WalletManager manager;
    private int tag;

    ValidatingWalletNode(Path dir) {
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), tx -> {
            broadcast.add(tx);
            return Optional.empty();
        }, FeeEstimator.NONE, WalletOptions.defaults().withScrypt(new ScryptParams(1 << 4, 8, 1)), Clock.systemUTC());
        WalletMethods.register(registry, manager);
        PsbtMethods.register(registry, chain, pool);
    }

    ChainManager chain() {
        return chain;
    }

    Mempool pool() {
        return pool;
    }

    MethodRegistry registry() {
        return registry;
    }

    /** What wallets broadcast since the last block; tests may add transactions of their own. */
    List<Transaction> broadcast() {
        return broadcast;
    }

    JsonNode call(String method, String wallet, Object... args) throws RpcException {
        return WalletRpcFixture.call(registry, method, wallet, args);
    }

    /** Mines the broadcast transactions (the coinbase claims the subsidy plus {@code fees}); the block must connect. */
    Block mine(Script payTo, long fees) throws Exception {
        Block b = TestBlocks.nextBlock(PARAMS, chain.tip().index(), payTo, List.copyOf(broadcast), fees, ++tag);
        chain.processBlock(b);
        assertThat(chain.tip().hash()).isEqualTo(b.header().hash());
        broadcast.clear();
        return b;
    }

    @Override
    public void close() {
        manager.close();
        chain.close();
        verifier.close();
    }
}
