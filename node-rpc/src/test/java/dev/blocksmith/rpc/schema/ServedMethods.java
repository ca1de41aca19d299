package dev.blocksmith.rpc.schema;

import dev.blocksmith.core.mempool.FeeEstimator;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.time.NodeClock;
import dev.blocksmith.core.time.NodeScheduler;
import dev.blocksmith.miner.BlockGenerator;
import dev.blocksmith.miner.template.BlockTemplateBuilder;
import dev.blocksmith.miner.template.TransactionSource;
import dev.blocksmith.p2p.P2PConfig;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.sync.ChainManagerBackend;
import dev.blocksmith.p2p.sync.MempoolBackend;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.blockchain.BlockchainMethods;
import dev.blocksmith.rpc.methods.blockchain.ChainStatsMethods;
import dev.blocksmith.rpc.methods.blockchain.InvalidateBlockMethod;
import dev.blocksmith.rpc.methods.control.ControlMethods;
import dev.blocksmith.rpc.methods.control.DumpChainStateMethod;
import dev.blocksmith.rpc.methods.control.LoggingControl;
import dev.blocksmith.rpc.methods.control.NodeControlMethods;
import dev.blocksmith.rpc.methods.mempool.MempoolMethods;
import dev.blocksmith.rpc.methods.mining.MiningContext;
import dev.blocksmith.rpc.methods.mining.MiningMethods;
import dev.blocksmith.rpc.methods.network.NetworkMethods;
import dev.blocksmith.rpc.methods.wallet.WalletMethods;
import dev.blocksmith.rpc.methods.wallet.WalletRpcFixture;
import dev.blocksmith.rpc.server.ActiveCommands;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every method the node serves, registered the way node-cli's RpcService wires them (over a test chain,
 * mempool, unstarted P2P network and wallet manager), for tests about the declarations themselves. Nothing
 * here is called; only names, declarations, help and classes are read.
 */
final class ServedMethods implements AutoCloseable {
    private final WalletRpcFixture wallet;
    private final NodeScheduler scheduler;
    private final MethodRegistry registry = new MethodRegistry();

    ServedMethods(Path dir) {
        wallet = new WalletRpcFixture(dir.resolve("wallet"));
        var chain = wallet.chain();
        var mempool = new Mempool(chain, MempoolOptions.defaults(), TxScriptChecker.of(ScriptValidation.uncached()),
                new FeeEstimator(), () -> 1_700_000_000L);
        scheduler = NodeScheduler.start("served-methods");
        ControlMethods.register(registry, new ActiveCommands(), Instant.now(), Clock.systemUTC(), dir.resolve("debug.log"), () -> { });
        NodeControlMethods.register(registry, chain, NodeClock.system(), scheduler, List.of(), new NoLogging());
        BlockchainMethods.register(registry, chain, ChainTxData.NONE, Optional.of(mempool));
        MempoolMethods.register(registry, chain, mempool, () -> 0, (tx, rate) -> { }, dir.resolve("mempool.dat"));
        ChainStatsMethods.register(registry, chain);
        registry.register(InvalidateBlockMethod.invalidate(chain)).register(InvalidateBlockMethod.reconsider(chain));
        registry.register(new DumpChainStateMethod(chain));
        BlockTemplateBuilder templates = new BlockTemplateBuilder(chain, TransactionSource.empty(),
                BlockTemplateBuilder.DEFAULT_BLOCK_MAX_WEIGHT);
        MiningMethods.register(registry, new MiningContext(chain, templates, new BlockGenerator(chain, templates), () -> 0,
                () -> 0, txid -> Optional.empty()), Amount.ofSats(1));
        P2PNetwork network = new P2PNetwork(P2PConfig.defaults(0).withBind("127.0.0.1", 0).withDnsSeed(false),
                new ChainManagerBackend(chain), MempoolBackend.none(), Clock.systemUTC());
        NetworkMethods.register(registry, network, 100, "/Blocksmith:test/", Amount.ofSats(100), Amount.ofSats(100),
                Clock.systemUTC());
        registry.register(new dev.blocksmith.rpc.methods.network.GetBlockFromPeerMethod(network, chain));
        registry.register(new dev.blocksmith.rpc.methods.blockchain.DumpTxOutSetMethod(chain, dir, network));
        WalletMethods.register(registry, wallet.manager());
    }

    MethodRegistry registry() {
        return registry;
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.close();
        wallet.close();
    }

    private static final class NoLogging implements LoggingControl {
        @Override
        public SortedMap<String, Boolean> categories() {
            return new TreeMap<>();
        }

        @Override
        public boolean set(String category, boolean enabled) {
            return false;
        }
    }
}
