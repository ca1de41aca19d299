package dev.blocksmith.cli.node;

import dev.blocksmith.p2p.P2PConfig;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.sync.ChainManagerBackend;
import dev.blocksmith.p2p.sync.MempoolBackend;

/** The peer-to-peer network: listening, outbound connections, sync and relay. */
final class P2pService implements NodeService {
    private final P2PNetwork network;
    private boolean started;

    private final boolean networkActive;

    P2pService(NodeContext ctx, MempoolBackend mempool) {
        this.networkActive = ctx.config().p2p().networkActive();
        ChainManagerBackend backend = new ChainManagerBackend(ctx.chain());
        this.network = new P2PNetwork(toP2pConfig(ctx.config()), backend, mempool, ctx.clock());
        // -peerblockfilters (checked to come with the basic index): serve BIP157 and signal NODE_COMPACT_FILTERS.
        if (ctx.config().chainState().blockFilters().serveToPeers()) {
            ctx.indexes().blockFilter(dev.blocksmith.core.filter.BlockFilterType.BASIC).ifPresent(index ->
                    network.serveCompactFilters(new dev.blocksmith.p2p.sync.IndexCompactFilterSource(ctx.chain(), index, backend)));
        }
        ctx.config().p2p().proxy().ifPresent(network::useProxy);
        if (ctx.config().p2p().deterministicAddrman()) network.useDeterministicAddressManager();
    }

    static P2PConfig toP2pConfig(NodeConfig c) {
        NodeConfig.P2p p = c.p2p();
        // -bind=host[:port]: the first one is used to listen; bitcoind's default is all interfaces.
        String bindHost = "0.0.0.0";
        int port = p.port();
        if (!p.bind().isEmpty()) {
            String b = p.bind().get(0);
            int colon = b.lastIndexOf(':');
            if (colon > 0 && !b.endsWith("]") && b.indexOf(':') == colon) {
                bindHost = b.substring(0, colon);
                port = Integer.parseInt(b.substring(colon + 1));
            } else {
                bindHost = b.replace("[", "").replace("]", "");
            }
        }
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
    }

    @Override
    public void close() {
        if (started) {
            network.stop();
            started = false;
        }
    }
}
