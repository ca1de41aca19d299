package dev.blocksmith.rpc.methods.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.blockchain.BlockchainMethods;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import dev.blocksmith.wallet.FeeEstimator;
import dev.blocksmith.wallet.TransactionBroadcaster;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.WalletOptions;
import dev.blocksmith.wallet.keystore.ScryptParams;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A regtest chain with the real parallel script verifier, a wallet manager over it and the wallet and
 * blockchain/util methods, for RPC tests: every call's result is checked against bitcoind 30's schema. The
 * mempool is a list: what wallets broadcast, which the next mined block confirms.
 */
public final class WalletRpcFixture implements AutoCloseable {
    public static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = PARAMS.genesis().header().time() + 3600;
    private static final ScryptParams FAST_SCRYPT = new ScryptParams(1 << 4, 8, 1);

    private final Path dir;
    private final ParallelScriptVerifier verifier;
    private final ChainManager chain;
    public final List<Transaction> mempool = new ArrayList<>();
    public final List<String> rejectNext = new ArrayList<>();
    private WalletManager manager;
    private MethodRegistry registry;
    private int tag;

    public WalletRpcFixture(Path dir) {
        this.dir = dir;
        verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 2);
        chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(), () -> NOW);
        restartWallets();
    }

    /** The node's mempool as the wallets see it: the list, with membership and contents. */
    private final class ListMempool implements TransactionBroadcaster {
        @Override
        public Optional<String> submit(Transaction tx) {
            if (!rejectNext.isEmpty()) return Optional.of(rejectNext.remove(0));
            // Full RBF: a transaction spending an input of one in the pool replaces it.
            mempool.removeIf(t -> t.inputs().stream().anyMatch(i -> tx.inputs().stream().anyMatch(j -> j.prevout().equals(i.prevout()))));
            mempool.add(tx);
            return Optional.empty();
        }

        @Override
        public boolean inMempool(Sha256Hash txid) {
            return mempool.stream().anyMatch(t -> t.txid().equals(txid));
        }

        @Override
        public Optional<TxOut> mempoolOutput(OutPoint op) {
            return mempool.stream().filter(t -> t.txid().equals(op.txid()) && op.index() < t.outputs().size())
                    .map(t -> t.output((int) op.index())).findFirst();
        }

        @Override
        public List<Transaction> mempoolTransactions() {
            return List.copyOf(mempool);
        }
    }

    /**
     * Closes the wallets and opens them again from their files (a node restart): the startup ones, then the
     * others that were loaded, as an operator would load them again.
     */
    public void restartWallets() {
        restartWallets(dev.blocksmith.wallet.WalletPolicy.DEFAULT);
    }

    /** {@link #restartWallets()} with the node's wallet options set (-walletrbf, -deprecatedrpc, ...). */
    public void restartWallets(dev.blocksmith.wallet.WalletPolicy policy) {
        List<String> wereLoaded = manager == null ? List.of() : manager.loadedNames();
        if (manager != null) manager.close();
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), new ListMempool(),
                FeeEstimator.NONE, WalletOptions.defaults().withScrypt(FAST_SCRYPT).withPolicy(policy), Clock.systemUTC());
        registry = new MethodRegistry();
        WalletMethods.register(registry, manager);
        BlockchainMethods.register(registry, chain, ChainTxData.NONE);
        try {
            manager.loadStartupWallets(List.of());
        } catch (dev.blocksmith.wallet.WalletException e) {
            throw new IllegalStateException("startup wallets did not load: " + e.getMessage(), e);
        }
        for (String name : wereLoaded) {
            if (manager.loadedWallet(name).isPresent()) continue;
            try {
                manager.load(name, Optional.empty());
            } catch (dev.blocksmith.wallet.WalletException e) {
                throw new IllegalStateException("wallet " + name + " did not load again: " + e.getMessage(), e);
            }
        }
    }

    public WalletManager manager() {
        return manager;
    }

    public ChainManager chain() {
        return chain;
    }

    public JsonNode call(String method, String wallet, Object... args) throws RpcException {
        return call(registry, method, wallet, args);
    }

    /**
     * Calls a registered method as the server would (through {@code /wallet/<wallet>} when given) and checks its
     * result against bitcoind 30's schema.
     */
    public static JsonNode call(MethodRegistry registry, String method, String wallet, Object... args) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode params = RpcJson.array();
        for (Object a : args) params.add(RpcJson.mapper().valueToTree(a));
        JsonNode result = m.execute(new RpcRequest(method, params, m.params(), Optional.ofNullable(wallet), "test"));
        assertThat(OpenRpcSchema.validateResult(method, result)).as(method + " result " + result).isEmpty();
        return result;
    }

    public RpcException callFails(String method, String wallet, Object... args) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> call(method, wallet, args));
        assertThat(t).as(method + " should fail").isInstanceOf(RpcException.class);
        return (RpcException) t;
    }

    /** Mines one block holding the mempool's transactions; the coinbase claims subsidy plus their fees. */
    /**
     * The two-wallet start most wallet RPC tests share: wallets "A" and "B", then {@code blocks} blocks paying A's
     * first address (the first {@code blocks - 100} coinbases mature).
     *
     * @return A's mining script
     */
    public Script walletsAAndBMinedToA(int blocks) throws Exception {
        call("createwallet", null, "A");
        call("createwallet", null, "B");
        Script minerA = script(call("getnewaddress", "A").asText());
        for (int i = 0; i < blocks; i++) mine(minerA, 0);
        return minerA;
    }

    public void mine(Script payTo, long fees) throws Exception {
        Block b = TestBlocks.nextBlock(PARAMS, chain.tip().index(), payTo, List.copyOf(mempool), fees, ++tag);
        chain.processBlock(b);
        assertThat(chain.tip().hash()).isEqualTo(b.header().hash());
        mempool.clear();
    }

    /** Mines the mempool, the coinbase claiming exactly the fees the wallets' transactions pay. */
    public void mineMempool(Script payTo) throws Exception {
        mine(payTo, 0);
    }

    public static Script script(String address) throws Exception {
        return Address.decode(address, PARAMS).toScriptPubKey();
    }

    public static BigDecimal btc(JsonNode n) {
        return n.decimalValue().setScale(8);
    }

    public static long sats(JsonNode n) {
        return btc(n).movePointRight(8).longValueExact();
    }

    @Override
    public void close() {
        manager.close();
        chain.close();
        verifier.close();
    }
}
