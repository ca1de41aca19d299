package dev.blocksmith.cli.node;

import dev.blocksmith.cli.Version;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.methods.network.NetworkMethods;
import dev.blocksmith.miner.BlockGenerator;
import dev.blocksmith.miner.template.BlockTemplateBuilder;
import dev.blocksmith.rpc.auth.AuthCookie;
import dev.blocksmith.rpc.auth.RpcAuthenticator;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.control.ControlMethods;
import dev.blocksmith.rpc.methods.control.NodeControlMethods;
import dev.blocksmith.rpc.methods.control.DumpChainStateMethod;
import dev.blocksmith.rpc.methods.blockchain.BlockchainMethods;
import dev.blocksmith.rpc.methods.blockchain.ChainStatsMethods;
import dev.blocksmith.rpc.methods.blockchain.InvalidateBlockMethod;
import dev.blocksmith.rpc.methods.mining.MiningContext;
import dev.blocksmith.rpc.methods.mempool.MempoolMethods;
import dev.blocksmith.rpc.methods.mining.MiningMethods;
import dev.blocksmith.rpc.methods.wallet.WalletMethods;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletOptions;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.node.MempoolBroadcaster;
import dev.blocksmith.wallet.node.MempoolFeeEstimator;
import dev.blocksmith.rpc.server.ActiveCommands;
import dev.blocksmith.rpc.server.ClientSubnet;
import dev.blocksmith.rpc.server.ReadinessProbe;
import dev.blocksmith.rpc.server.RpcServer;
import dev.blocksmith.rpc.server.RpcServerConfig;
import dev.blocksmith.rpc.server.RpcWarmup;
import java.time.Instant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JSON-RPC server with every method group the node serves, and its credentials. */
final class RpcService implements NodeService {
    private static final Logger LOG = LoggerFactory.getLogger(RpcService.class);

    private final NodeContext ctx;
    private final RpcWarmup warmup = new RpcWarmup();
    private final ActiveCommands active = new ActiveCommands();
    private final MethodRegistry registry = new MethodRegistry();
    private RpcServer server;
    private Optional<AuthCookie> cookie = Optional.empty();
    private WalletManager wallets;

    private final P2PNetwork network;
    private final java.util.function.Supplier<List<dev.blocksmith.rpc.methods.zmq.ZmqNotification>> zmqNotifications;

    RpcService(NodeContext ctx, P2PNetwork network,
               java.util.function.Supplier<List<dev.blocksmith.rpc.methods.zmq.ZmqNotification>> zmqNotifications) {
        this.ctx = ctx;
        this.network = network;
        this.zmqNotifications = zmqNotifications;
    }

    /** Wallets live in <datadir>/<network>/wallets/<name>/, the startup list in settings.json beside them. */
    private void startWallets() throws WalletException {
        NodeConfig.Wallet cfg = ctx.config().wallet();
        WalletOptions options = WalletOptions.defaults().withKeypool(cfg.keypool());
        if (cfg.fallbackFeePerKvB().isPresent()) options = options.withFallbackFee(new FeeRate(cfg.fallbackFeePerKvB().get().sats()));
        options = options.withPolicy(cfg.policy()).withUnsafeSqliteSync(cfg.unsafeSqliteSync());
        // The settings file Main initialised (read, checked and written back); with -nosettings load_on_startup keeps
        // nothing across restarts, as bitcoind.
        dev.blocksmith.wallet.StartupWalletList startupWallets = ctx.config().settingsFile()
                .<dev.blocksmith.wallet.StartupWalletList>map(f -> dev.blocksmith.cli.config.SettingsFile.open(f, dev.blocksmith.cli.Version.CLIENT_NAME))
                .orElseGet(dev.blocksmith.wallet.StartupWalletList::inMemory);
        wallets = new WalletManager(cfg.walletDir().orElseGet(() -> defaultWalletDir(ctx.config().networkDir())), startupWallets,
                ctx.chain().params(), dev.blocksmith.wallet.WalletChain.of(ctx.chain()),
                new MempoolBroadcaster(ctx.mempool(), (tx, feeRate) -> {
                    // bitcoind's BroadcastTransaction: a wallet transaction stays unbroadcast until a peer fetches it.
                    ctx.mempool().addUnbroadcast(tx.txid());
                    network.announceTransaction(tx);
                }),
                new MempoolFeeEstimator(ctx.mempool().feeEstimator()), options, ctx.clock());
        // Wallets hear the mempool and the chain on the validation queue's thread, in the order things happened
        // (bitcoind's validation interface queue), never under the chain or mempool lock.
        ctx.mempool().addQueuedListener(wallets);
        ctx.indexes().blockFilter(dev.blocksmith.core.filter.BlockFilterType.BASIC).ifPresent(wallets::useBlockFilters);
        wallets.observeTransactions(ctx.notifyCommands());
        wallets.loadStartupWallets(cfg.startupWallets(), cfg.startupWalletsFromSettings());
        // bitcoind schedules MaybeResendWalletTxs every minute; each wallet keeps its own 12-36 h resend time.
        ctx.scheduler().scheduleEvery("resend wallet transactions", java.time.Duration.ofMinutes(1), wallets::resendDue);
        WalletMethods.register(registry, wallets);
    }

    /**
     * bitcoind's GetWalletDir without -walletdir: {@code <networkdir>/wallets} when that directory exists (datadirs
     * of older Blocksmith and bitcoind releases), else the network directory itself, where bitcoind creates wallets
     * ({@code regtest/<name>/wallet.dat}, which the functional tests copy).
     */
    static java.nio.file.Path defaultWalletDir(java.nio.file.Path networkDir) {
        java.nio.file.Path wallets = networkDir.resolve("wallets");
        return java.nio.file.Files.isDirectory(wallets) ? wallets : networkDir;
    }

    MethodRegistry registry() {
        return registry;
    }

    ActiveCommands activeCommands() {
        return active;
    }

    @Override
    public void start() throws Exception {
        NodeConfig.Rpc rpc = ctx.config().rpc();
        if (!rpc.enabled()) {
            // -server=0: no RPC server, but the wallets load (and -walletnotify runs) as with bitcoind.
            if (ctx.config().wallet().enabled()) startWallets();
            return;
        }
        RpcAuthenticator.Builder auth = RpcAuthenticator.builder();
        // bitcoind's InitRPCAuthentication: a failure is logged in detail and the node stops with
        // "Unable to start HTTP server".
        try {
            // bitcoind: a non-empty -rpcpassword means user/password (user may be empty); otherwise the cookie.
            if (rpc.password().filter(p -> !p.isEmpty()).isPresent()) {
                LOG.warn("The use of rpcuser/rpcpassword is less secure, because credentials are configured in plain text. "
                        + "It is recommended that locally-run instances switch to cookie-based auth, or otherwise to use hashed "
                        + "rpcauth credentials. See share/rpcauth in the source directory for more information.");
                auth.userPassword(rpc.user().orElse(""), rpc.password().get());
            } else if (rpc.cookieEnabled()) {
                cookie = Optional.of(AuthCookie.generate(rpc.cookieFile(), rpc.cookiePerms()));
                auth.cookie(cookie.get());
                LOG.info("Generated RPC authentication cookie {}", rpc.cookieFile());
            }
            for (String spec : rpc.rpcauth()) auth.rpcAuth(spec);
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("Unable to start HTTP server: {}", e.getMessage());
            throw new IllegalStateException("Unable to start HTTP server. See debug log for details.", e);
        }

        ChainManager chain = ctx.chain();
        // uptime counts on the node clock, as bitcoind's GetTime() - GetStartupTime() (rpc_uptime mocks it).
        ControlMethods.register(registry, active, Instant.now(ctx.clock()), ctx.clock(),
                ctx.config().logging().debugLogFile().orElse(ctx.config().networkDir().resolve("debug.log")), ctx.shutdown());
        NodeControlMethods.register(registry, chain, ctx.clock(), ctx.scheduler(),
                List.of(chain::awaitListeners, ctx.mempool()::awaitListeners, ctx.events()::sync), new LogCategoryControl());
        registry.register(new dev.blocksmith.rpc.methods.zmq.GetZmqNotificationsMethod(zmqNotifications));
        BlockTemplateBuilder templates = new BlockTemplateBuilder(chain, ctx.transactionSource(), ctx.config().mining().blockMaxWeight(),
                ctx.config().mining().blockReservedWeight(), ctx.config().mining().blockVersion());
        BlockGenerator generator = new BlockGenerator(chain, templates);
        BlockchainMethods.register(registry, chain, chain.params().chainTxData(), Optional.of(ctx.mempool()), ctx.indexes());
        MempoolMethods.register(registry, chain, ctx.mempool(), ctx.mempool()::sequence,
                (tx, feeRate) -> network.announceTransaction(tx),
                ctx.config().networkDir().resolve("mempool.dat"));
        ChainStatsMethods.register(registry, chain);
        registry.register(InvalidateBlockMethod.invalidate(chain)).register(InvalidateBlockMethod.reconsider(chain));
        registry.register(new DumpChainStateMethod(chain));
        MiningMethods.register(registry, new MiningContext(chain, templates, generator, ctx.mempool()::size,
                ctx.mempool()::sequence, ctx.mempool()::get),
                dev.blocksmith.core.primitives.Amount.ofSats(ctx.config().mempool().policy().blockMinFeeRate().satsPerKvB()));
        NetworkMethods.register(registry, network, dev.blocksmith.core.params.ClientVersion.NUMBER, network.userAgent(),
                ctx.config().mempool().minRelayFeePerKvB(), ctx.config().mempool().minRelayFeePerKvB(), ctx.clock(),
                chain.warnings()::messages);
        registry.register(new dev.blocksmith.rpc.methods.network.GetBlockFromPeerMethod(network, chain));
        registry.register(new dev.blocksmith.rpc.methods.blockchain.DumpTxOutSetMethod(chain, ctx.config().networkDir(), network));
        if (ctx.config().wallet().enabled()) startWallets();

        List<ClientSubnet> allowed = new ArrayList<>();
        for (String s : rpc.allowIp()) allowed.add(ClientSubnet.parse(s));
        RpcServerConfig config = RpcServerConfig.builder(auth.build())
                .bindAddresses(RpcServerConfig.bindAddresses(rpc.bind(), rpc.allowIp(), rpc.port()))
                .allowedClients(allowed)
                .threads(rpc.threads())
                .workQueueDepth(rpc.workQueue())
                .readiness(() -> new ReadinessProbe.NodeReadiness(true, chain.isInitialBlockDownload()))
                .readyDuringIbd(rpc.readyAllowIbd())
                .idleTimeout(java.time.Duration.ofSeconds(rpc.serverTimeoutSeconds()))
                .whitelist(dev.blocksmith.rpc.auth.RpcWhitelist.parse(rpc.whitelist(), rpc.whitelistDefault()))
                .build();
        // -rest: bitcoind's REST interface on the same port, unauthenticated.
        java.util.Optional<dev.blocksmith.rpc.server.RestEndpoint> rest = rpc.rest()
                ? java.util.Optional.of(new dev.blocksmith.rpc.rest.RestInterface(chain, Optional.of(ctx.mempool()), ctx.indexes(),
                        registry, warmup))
                : java.util.Optional.empty();
        server = RpcServer.start(config, registry, warmup, active, rest);
        warmup.finish();
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        if (wallets != null) {
            ctx.mempool().removeListener(wallets);
            wallets.close();
            wallets = null;
        }
        if (cookie.isPresent()) {
            cookie.get().delete();
            cookie = Optional.empty();
        }
    }
}
