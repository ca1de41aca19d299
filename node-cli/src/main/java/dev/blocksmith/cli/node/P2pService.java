package dev.blocksmith.cli.node;

import dev.blocksmith.p2p.P2PConfig;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.peer.NetWhitebindPermissions;
import dev.blocksmith.p2p.sync.ChainManagerBackend;
import dev.blocksmith.p2p.sync.MempoolBackend;

/** The peer-to-peer network: listening, outbound connections, sync and relay. */
final class P2pService implements NodeService {
    /** bitcoind re-announces unbroadcast transactions every 10 minutes plus up to 5 random ones. */
    private static final java.time.Duration REBROADCAST_BASE = java.time.Duration.ofMinutes(10);
    private static final long REBROADCAST_JITTER_MILLIS = 5 * 60 * 1000;

    private final P2PNetwork network;
    private final dev.blocksmith.core.time.NodeScheduler scheduler;
    private volatile boolean started;

    private final boolean networkActive;

    P2pService(NodeContext ctx, MempoolBackend mempool) {
        this.networkActive = ctx.config().p2p().networkActive();
        this.scheduler = ctx.scheduler();
        ChainManagerBackend backend = new ChainManagerBackend(ctx.chain());
        this.network = new P2PNetwork(toP2pConfig(ctx.config()), backend, mempool, ctx.clock(), ctx.config().p2p().relay());
        // bitcoind keeps transactions that a replacement pushed out for compact block reconstruction.
        ctx.mempool().addListener(new dev.blocksmith.core.mempool.MempoolListener() {
            @Override
            public void transactionRemoved(dev.blocksmith.core.tx.Transaction tx, dev.blocksmith.core.mempool.RemovalReason reason) {
                if (reason == dev.blocksmith.core.mempool.RemovalReason.REPLACED) network.addCompactExtraTransaction(tx);
            }
        });
        // -peerblockfilters (checked to come with the basic index): serve BIP157 and signal NODE_COMPACT_FILTERS.
        if (ctx.config().chainState().blockFilters().serveToPeers()) {
            ctx.indexes().blockFilter(dev.blocksmith.core.filter.BlockFilterType.BASIC).ifPresent(index ->
                    network.serveCompactFilters(new dev.blocksmith.p2p.sync.IndexCompactFilterSource(ctx.chain(), index, backend)));
        }
        network.useNetworks(ctx.config().p2p().networks());
        network.useI2p(ctx.config().p2p().overlays().i2pAcceptIncoming());
        network.useTorControl(ctx.config().p2p().overlays());
        network.useV2Transport(ctx.config().p2p().v2Transport());
        network.useTraffic(ctx.config().p2p().traffic());
        if (ctx.config().p2p().deterministicAddrman()) network.useDeterministicAddressManager();
        try {
            network.listenOn(listenPlan(ctx.config().p2p()));
        } catch (dev.blocksmith.cli.config.ConfigException e) {
            throw new IllegalStateException("the -bind values were checked when the configuration was built", e);
        }
    }

    static java.util.List<dev.blocksmith.p2p.ListenAddress> listenPlan(NodeConfig.P2p p) throws dev.blocksmith.cli.config.ConfigException {
        java.util.List<java.net.InetSocketAddress> whitebinds = new java.util.ArrayList<>();
        for (NetWhitebindPermissions w : NodeP2pPermissions.whitebind(p.whitebind())) whitebinds.add(w.address());
        return ListenPlan.of(p.bind(), whitebinds, p.port());
    }

    static P2PConfig toP2pConfig(NodeConfig c) {
        NodeConfig.P2p p = c.p2p();
        // The listening addresses come from ListenPlan (network.listenOn); this one is the fallback for tests.
        String bindHost = "0.0.0.0";
        int port = p.port();
        // As bitcoind, -connect turns listening off unless -listen was given explicitly.
        boolean listen = p.listen();
        return P2PConfig.defaults(p.port())
                .withDataDir(c.networkDir())
                .withBind(bindHost, port)
                .withListen(listen)
                .withConnect(p.connect())
                .withAddNode(p.addNode())
                .withSeedNode(p.seedNode())
                .withExternalIp(p.externalIp())
                .withMaxConnections(p.maxConnections())
                .withDnsSeed(p.dnsSeed())
                .withForceDnsSeed(p.forceDnsSeed())
                .withFixedSeeds(p.fixedSeeds())
                .withPeerTimeout(java.time.Duration.ofSeconds(p.peerTimeoutSeconds()))
                .withUserAgentComments(p.uaComments())
                .withWhitelist(parsed(p.whitelist(), dev.blocksmith.p2p.peer.NetWhitelistPermissions::parse))
                .withWhitebind(parsed(p.whitebind(), dev.blocksmith.p2p.peer.NetWhitebindPermissions::parse))
                .withWhitelistRelay(p.whitelistRelay(), p.whitelistForceRelay())
                .withBanTime(java.time.Duration.ofSeconds(p.banTimeSeconds()));
    }

    private interface Parser<T> {
        T parse(String value) throws dev.blocksmith.p2p.peer.InvalidPermissionException;
    }

    /** The values were checked when the configuration was built (NodeConfigBuilder). */
    private static <T> java.util.List<T> parsed(java.util.List<String> values, Parser<T> parser) {
        java.util.List<T> out = new java.util.ArrayList<>();
        for (String v : values) {
            try {
                out.add(parser.parse(v));
            } catch (dev.blocksmith.p2p.peer.InvalidPermissionException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return out;
    }

    P2PNetwork network() {
        return network;
    }

    @Override
    public void start() {
        network.start();
        // bitcoind's -networkactive: applied (and logged) as the setnetworkactive RPC does.
        network.setNetworkActive(networkActive);
        started = true;
        scheduleRebroadcast();
    }

    /**
     * bitcoind's ReattemptInitialBroadcast on the scheduler (so mockscheduler brings it nearer): each
     * run picks a fresh random delay so the timing does not fingerprint the node.
     */
    private void scheduleRebroadcast() {
        java.time.Duration delay = REBROADCAST_BASE.plusMillis(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(REBROADCAST_JITTER_MILLIS));
        scheduler.scheduleAfter("reattempt initial broadcast", delay, () -> {
            if (!started) return;
            network.reattemptInitialBroadcast();
            scheduleRebroadcast();
        });
    }

    @Override
    public void close() {
        if (started) {
            network.stop();
            started = false;
        }
    }
}
