package dev.blocksmith.p2p;

import dev.blocksmith.p2p.traffic.MessageCapture;
import dev.blocksmith.p2p.traffic.TrafficOptions;
import dev.blocksmith.p2p.traffic.UploadTarget;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.p2p.addr.AddressManager;
import dev.blocksmith.p2p.addr.AnchorsFile;
import dev.blocksmith.p2p.addr.KnownAddress;
import dev.blocksmith.p2p.codec.DroppedFrame;
import dev.blocksmith.p2p.codec.FrameDecoder;
import dev.blocksmith.p2p.codec.FrameEncoder;
import dev.blocksmith.p2p.codec.RawFrame;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.BanEntry;
import dev.blocksmith.p2p.peer.BanManager;
import dev.blocksmith.p2p.peer.ConnectionType;
import dev.blocksmith.p2p.peer.NetWhitebindPermissions;
import dev.blocksmith.p2p.peer.Peer;
import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.p2p.peer.ServiceFlags;
import dev.blocksmith.p2p.peer.Subnet;
import dev.blocksmith.p2p.cmpct.ExtraTransactions;
import dev.blocksmith.p2p.sync.ChainBackend;
import dev.blocksmith.p2p.sync.CompactBlockRelay;
import dev.blocksmith.p2p.sync.MempoolBackend;
import dev.blocksmith.p2p.sync.SyncManager;
import dev.blocksmith.p2p.sync.TxRelay;
import dev.blocksmith.p2p.v2.TransportStatus;
import dev.blocksmith.p2p.v2.V2TransportHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The P2P network facade used by the node and its RPC server. All protocol state lives on one Netty
 * event-loop thread (I/O for every connection plus the sync and relay logic), so no state is shared
 * between threads; public methods hand their work to that thread and wait for the answer.
 */
public final class P2PNetwork {
    private static final Logger log = LoggerFactory.getLogger(P2PNetwork.class);
    /** The protocol version we speak (BIP339 wtxidrelay needs 70016). */
    public static final int PROTOCOL_VERSION = PeerManager.PROTOCOL_VERSION;
    /** The services assumed of DNS seed addresses (NODE_NETWORK | NODE_WITNESS); ours are {@link #localServices()}. */
    public static final long LOCAL_SERVICES = PeerManager.LOCAL_SERVICES;
    /** BIP14 user agent without -uacomment values; {@link #userAgent()} is the one announced. */
    public static final String USER_AGENT = PeerManager.USER_AGENT;
    private static final long CALL_TIMEOUT_SECONDS = 30;
    /** Per-connection send buffer: Core's -maxsendbuffer default (5000 KB) as the high-water mark. */
    private static final WriteBufferWaterMark SEND_BUFFER = new WriteBufferWaterMark(1_000_000, 5_000_000);

    private final NetworkParams params;
    private final P2PConfig config;
    private final ChainBackend chain;
    private final Clock clock;
    private final BanManager bans;
    private final AddressManager addrman;
    private final PeerManager peers;
    private final SyncManager sync;
    private final TxRelay txRelay;
    private final ConnectionManager connections;
    private final EventLoopGroup group;
    private final ExecutorService validator;
    private Channel server;
    private final List<Channel> extraServers = new ArrayList<>();
    private final List<Channel> whitebindServers = new ArrayList<>();
    private java.util.Optional<List<ListenAddress>> listenAddresses = java.util.Optional.empty();
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> addedNodesTask;
    private ScheduledFuture<?> outboundTask;
    private final CompactBlockRelay compact;
    private final RelayOptions relay;
    private ScheduledFuture<?> sender;
    private volatile boolean running;
    /** The reachable networks and their proxies (bitcoind's -proxy, -onion, ...); set before {@link #start()}. */
    /** bitcoind's ANCHORS_DATABASE_FILENAME and MAX_BLOCK_RELAY_ONLY_ANCHORS. */
    static final String ANCHORS_FILE = "anchors.dat";
    static final int MAX_ANCHORS = 2;
    private volatile NetworkReach reach = NetworkReach.defaults();
    /** The I2P SAM sessions, with -i2psam. */
    private volatile Optional<I2pConnector> i2p = Optional.empty();
    private volatile OverlayOptions overlays = OverlayOptions.none();
    private volatile Optional<dev.blocksmith.p2p.tor.TorController> tor = Optional.empty();
    /** bitcoind's LOCAL_MANUAL score, which its I2P and Tor code give the addresses they learn. */
    static final int LOCAL_MANUAL = 4;
    private final java.util.Map<String, LocalAddress> discoveredLocal = new java.util.concurrent.ConcurrentHashMap<>();
    private long lastAddressSaveMillis;
    private static final long ADDRESS_SAVE_INTERVAL_MILLIS = 15 * 60 * 1000;

    public P2PNetwork(P2PConfig config, ChainBackend chain, MempoolBackend mempool, Clock clock) {
        this(config, chain, mempool, clock, RelayOptions.defaults());
    }

    public P2PNetwork(P2PConfig config, ChainBackend chain, MempoolBackend mempool, Clock clock, RelayOptions relay) {
        this.params = chain.params();
        this.config = config;
        this.chain = chain;
        this.clock = clock;
        this.bans = new BanManager(config.dataDir().map(d -> d.resolve("banlist.json")), clock);
        this.addrman = new AddressManager(config.dataDir().map(d -> d.resolve("peers.dat")), clock);
        this.relay = relay;
        this.peers = new PeerManager(config, chain, bans, addrman, clock, relay);
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.validator = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("block-validation").daemon(true).unstarted(r));
        this.sync = new SyncManager(chain, peers, PeerManager.PROTOCOL_VERSION, config.blockDownloadTimeout(), validator, group);
        this.txRelay = new TxRelay(mempool, chain, peers);
        ExtraTransactions extra = new ExtraTransactions(relay.blockReconstructionExtraTxn());
        this.txRelay.compactExtra(extra);
        this.compact = new CompactBlockRelay(chain, peers, sync, mempool, extra, relay.blocksOnly());
        this.txRelay.recentBlockTransactions(compact::recentBlockTransaction);
        this.sync.attach(compact);
        this.peers.attach(sync, txRelay, compact);
        this.connections = new ConnectionManager(config, params.p2pPort(), addrman, bans, peers, this::dial);
    }

    /**
     * A transaction that left the mempool by replacement: kept for compact block reconstruction (bitcoind adds
     * replaced transactions to vExtraTxnForCompact). Any thread.
     */
    public void addCompactExtraTransaction(Transaction tx) {
        if (running) group.execute(() -> compact.addExtra(tx));
    }

    /** The networks to reach and their proxies (bitcoind's -proxy, -onion, -onlynet, ...); call before {@link #start()}. */
    public void useNetworks(NetworkReach networks) {
        this.reach = networks;
        addrman.reachable(networks.dialable());
    }

    /**
     * I2P connections through the -i2psam bridge, if there is one (bitcoind's SAM sessions): with
     * {@code acceptIncoming} (-i2pacceptincoming) a persistent session that also accepts inbound streams, otherwise
     * transient sessions for outbound ones. Call after {@link #useNetworks} and before {@link #start()}.
     */
    public void useI2p(boolean acceptIncoming) {
        i2p = reach.proxy(Network.I2P)
                .filter(p -> p.server() instanceof InetSocketAddress)
                .map(p -> new I2pConnector((InetSocketAddress) p.server(), p.display(), acceptIncoming, config.dataDir()));
    }

    /**
     * -listenonion, -torcontrol, -torpassword: an onion service through Tor's control port while the node listens
     * (bitcoind's StartTorControl). Call before {@link #start()}.
     */
    public void useTorControl(OverlayOptions overlays) {
        this.overlays = overlays;
    }

    /** bitcoind's onion service target: the first onion bind, else the first bind, else 127.0.0.1 on port+1. */
    private InetSocketAddress onionServiceTarget() {
        List<ListenAddress> plan = listenAddresses.orElse(List.of());
        for (ListenAddress la : plan) if (la.onion()) return la.address();
        if (!plan.isEmpty()) return plan.getFirst().address();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port() + 1);
    }

    private void startTorControl() {
        OverlayOptions o = overlays;
        if (!o.listenOnion()) return;
        Optional<InetSocketAddress> control = torControlAddress(o.torControl());
        if (control.isEmpty()) {
            log.info("tor: Failed to look up control center {}", o.torControl());
            return;
        }
        dev.blocksmith.p2p.tor.TorController.Settings settings = new dev.blocksmith.p2p.tor.TorController.Settings(control.get(),
                o.torControl(), o.torPassword(), onionServiceTarget(), params.p2pPort(),
                config.dataDir().orElse(java.nio.file.Path.of(".")), !o.onionProxyGiven());
        tor = Optional.of(new dev.blocksmith.p2p.tor.TorController(settings, new dev.blocksmith.p2p.tor.TorController.Node() {
            @Override
            public void addLocal(String host, int port) {
                P2PNetwork.this.addLocal(host, port);
            }

            @Override
            public void removeLocal(String host, int port) {
                P2PNetwork.this.removeLocal(host, port);
            }

            @Override
            public void useOnionProxy(InetSocketAddress socks) {
                reach = reach.withOnionProxy(new Socks5Proxy(socks, true));
                group.execute(() -> addrman.reachable(reach.dialable()));
            }
        }));
        tor.get().start();
    }

    /** -torcontrol's host and port (default port 9051). */
    private static Optional<InetSocketAddress> torControlAddress(String value) {
        try {
            InetSocketAddress a = ConnectionManager.parse(value, dev.blocksmith.p2p.tor.TorController.DEFAULT_CONTROL_PORT);
            InetSocketAddress resolved = new InetSocketAddress(a.getHostString(), a.getPort());
            return resolved.isUnresolved() ? Optional.empty() : Optional.of(resolved);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A local address learned at run time (our I2P destination or onion service), as bitcoind's AddLocal. */
    void addLocal(String host, int port) {
        discoveredLocal.put(host, new LocalAddress(host, port, LOCAL_MANUAL));
        log.info("AddLocal({}:{},{})", host, port, LOCAL_MANUAL);
    }

    void removeLocal(String host, int port) {
        if (discoveredLocal.remove(host) != null) log.info("RemoveLocal({}:{})", host, port);
    }

    /** getnetworkinfo's "networks": what is reachable and through which proxy. */
    public NetworkReach networks() {
        return reach;
    }

    /**
     * The addresses to listen on, as bitcoind's -bind values make them; call before {@link #start()}. Without it the
     * node listens on the configuration's single bind address and port.
     */
    public void listenOn(List<ListenAddress> addresses) {
        if (addresses.isEmpty()) throw new IllegalArgumentException("no address to listen on");
        this.listenAddresses = java.util.Optional.of(List.copyOf(addresses));
    }

    /** -peerblockfilters: serve BIP157 requests from {@code source}; call before {@link #start()}. */
    public void serveCompactFilters(dev.blocksmith.p2p.sync.CompactFilterSource source) {
        peers.serveCompactFilters(source);
    }

    public synchronized void start() {
        if (running) return;
        if (group.isShuttingDown()) throw new IllegalStateException("a stopped P2PNetwork cannot be restarted");
        if (config.listen()) {
            ServerBootstrap sb = new ServerBootstrap()
                    .group(group)
                    // the channel factory is set per address by bindOn
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, SEND_BUFFER)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!peers.acceptInbound(ch.remoteAddress(), ch.localAddress())) {
                                ch.close();
                                return;
                            }
                            configure(ch, ConnectionType.INBOUND, "", peers.v2Transport());
                        }
                    });
            List<ListenAddress> plan = listenAddresses.orElseGet(() -> List.of(
                    ListenAddress.plain(new InetSocketAddress(config.bind(), config.port()))));
            List<Channel> bound = new ArrayList<>();
            boolean anyWildcard = false;
            boolean wildcardBound = false;
            for (ListenAddress la : plan) {
                anyWildcard |= la.wildcard();
                ChannelFuture f = bindOn(sb, la.address()).awaitUninterruptibly();
                if (!f.isSuccess()) {
                    // bitcoind's BindListenPort texts; a wildcard may fail (no IPv6) while the other one binds.
                    String why = f.cause() instanceof java.net.BindException be && String.valueOf(be.getMessage()).contains("in use")
                            ? "Unable to bind to " + ListenAddress.addrPort(la.address()) + " on this computer. Blocksmith is probably already running."
                            : "Unable to bind to " + ListenAddress.addrPort(la.address()) + " on this computer (bind returned error "
                              + f.cause().getMessage() + ")";
                    if (la.wildcard()) {
                        log.debug("{}", why);
                        continue;
                    }
                    log.error("{}", why);
                    for (Channel c : bound) c.close().syncUninterruptibly();
                    throw new ListenException(why);
                }
                wildcardBound |= la.wildcard();
                bound.add(f.channel());
                log.info("Bound to {}", ListenAddress.addrPort(new InetSocketAddress(la.address().getAddress(),
                        ((InetSocketAddress) f.channel().localAddress()).getPort())));
            }
            if (anyWildcard && !wildcardBound) {
                for (Channel c : bound) c.close().syncUninterruptibly();
                throw new ListenException("Failed to listen on any port. Use -listen=0 if you want this.");
            }
            // The first non-onion address is the one we advertise and report (bitcoind's onion binds are never advertised).
            int main = 0;
            for (int i = 0; i < plan.size() && i < bound.size(); i++) {
                if (!plan.get(i).onion()) {
                    main = i;
                    break;
                }
            }
            server = bound.get(main);
            for (int i = 0; i < bound.size(); i++) if (i != main) extraServers.add(bound.get(i));
            log.info("Listening for P2P connections on {}", server.localAddress());
            for (NetWhitebindPermissions wb : config.whitebind()) {
                // Peers connecting here get the entry's permissions (bitcoind's -whitebind).
                Channel extra = bindOn(sb, wb.address()).syncUninterruptibly().channel();
                whitebindServers.add(extra);
                log.info("Bound to {}", ListenAddress.addrPort(new InetSocketAddress(wb.address().getAddress(),
                        ((InetSocketAddress) extra.localAddress()).getPort())));
                log.info("Listening for P2P connections on {} with permissions {}", extra.localAddress(), wb.permissions().names());
            }
            peers.localPort(((InetSocketAddress) server.localAddress()).getPort());
        }
        chain.addTipListener((tip, connected) -> {
            if (running) group.execute(() -> {
                sync.onTipChanged(tip, connected);
                relayTipChanged(tip, connected);
            });
        });
        chain.addPowValidBlockListener((block, entry) -> {
            if (running) group.execute(() -> compact.onNewPoWValidBlock(block, entry));
        });
        chain.addInvalidBlockListener((hash, reason) -> {
            if (running) group.execute(() -> sync.onBlockInvalid(hash, reason));
        });
        running = true;
        i2p.filter(I2pConnector::acceptsIncoming).ifPresent(c -> c.startAccepting(new I2pConnector.LocalAddresses() {
            @Override
            public void add(String host, int port) {
                addLocal(host, port);
            }

            @Override
            public void remove(String host, int port) {
                removeLocal(host, port);
            }
        }, this::adoptInbound));
        startTorControl();
        lastAddressSaveMillis = clock.millis();
        ticker = group.scheduleAtFixedRate(this::tick, 100, 1000, TimeUnit.MILLISECONDS);
        // bitcoind's message handler runs SendMessages for every peer at least every 100 ms.
        sender = group.scheduleAtFixedRate(this::sendMessages, 100, 100, TimeUnit.MILLISECONDS);
        startPeerSources();
    }

    /**
     * bitcoind's CConnman::Start order: the DNS seed thread (only with -dnsseed), the added-nodes task, then the
     * automatic-connection task (not with -connect=0 / -noconnect). bitcoind's thread start lines are logged
     * when each begins; here the two connection tasks run on the event loop.
     */
    private void startPeerSources() {
        if (config.connect().isEmpty()) {
            // bitcoind's CConnman::Start: with automatic connections, last run's block-relay-only peers come first.
            List<AnchorsFile.Anchor> anchors = config.dataDir()
                    .map(d -> AnchorsFile.readAndDelete(d.resolve(ANCHORS_FILE), params.magic())).orElse(List.of());
            if (anchors.size() > MAX_ANCHORS) anchors = anchors.subList(0, MAX_ANCHORS);
            log.info("{} block-relay-only anchors will be tried for connections.", anchors.size());
            List<AnchorsFile.Anchor> tried = anchors;
            group.execute(() -> connections.useAnchors(tried));
        }
        if (!config.dnsSeed()) {
            log.info("DNS seeding disabled");
        } else {
            DnsSeeder seeder = new DnsSeeder(params.dnsSeeds(), !config.seedNode().isEmpty(), config.forceDnsSeed(),
                    reach.nameProxy().isPresent(),
                    new DnsSeeder.Network(addrman, params.p2pPort(), this::fullOutboundPeers, peers::networkActive,
                            () -> running, name -> group.execute(() -> connections.addAddrFetch(name)), clock),
                    host -> List.of(InetAddress.getAllByName(host)));
            Thread.ofVirtual().name("dnsseed").start(() -> {
                log.info("dnsseed thread start");
                seeder.run();
                log.info("dnsseed thread exit");
            });
        }
        group.execute(() -> log.info("addcon thread start"));
        addedNodesTask = group.scheduleAtFixedRate(() -> guarded(connections::tickAddedNodes), 100, 1000, TimeUnit.MILLISECONDS);
        if (ConnectionManager.runsOutboundTask(config)) {
            group.execute(() -> {
                log.info("opencon thread start");
                // Blocksmith ships no fixed seed list (bitcoind has none for regtest either).
                connections.startOutbound(config.fixedSeeds(), List.of());
            });
            outboundTask = group.scheduleAtFixedRate(() -> guarded(connections::tickOutbound), 100, 500, TimeUnit.MILLISECONDS);
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("P2P connection task failed", e);
        }
    }

    /** Full-relay outbound peers with a completed handshake (bitcoind's GetFullOutboundConnCount). */
    private int fullOutboundPeers() {
        if (!running) return 0;
        return onLoop(() -> (int) peers.peers().stream()
                .filter(p -> p.type() == ConnectionType.OUTBOUND_FULL_RELAY && p.handshakeComplete()).count());
    }

    private void sendMessages() {
        try {
            peers.sendMessagesToAll();
        } catch (RuntimeException e) {
            log.error("P2P send step failed", e);
        }
    }

    /**
     * Transaction relay learns of the new tip: the connected blocks' transactions (read back only after initial block
     * download, or while orphans are held) are recently confirmed, and their orphans and conflicts go.
     */
    private void relayTipChanged(ChainBackend.ChainPosition tip, List<dev.blocksmith.core.block.BlockHeader> connected) {
        boolean ibd = chain.isInitialBlockDownload();
        List<dev.blocksmith.core.block.Block> blocks = new ArrayList<>();
        if (!ibd || txRelay.hasOrphans()) {
            for (dev.blocksmith.core.block.BlockHeader h : connected) {
                chain.getBlock(h.hash(), true).ifPresent(bytes -> blocks.add(dev.blocksmith.core.block.Block.parse(bytes)));
            }
        }
        txRelay.onTipChanged(tip.hash(), connected, blocks, ibd);
    }

    /**
     * Binds with a socket of the address's own family, as bitcoind does: an IPv4 address gets an AF_INET socket (Java
     * would otherwise open an IPv6 one listening on a v4-mapped address, which tools reading /proc/net/tcp miss).
     */
    private static ChannelFuture bindOn(ServerBootstrap sb, InetSocketAddress address) {
        io.netty.channel.socket.SocketProtocolFamily family = address.getAddress() instanceof java.net.Inet6Address
                ? io.netty.channel.socket.SocketProtocolFamily.INET6 : io.netty.channel.socket.SocketProtocolFamily.INET;
        return sb.clone()
                .channelFactory(() -> new NioServerSocketChannel(java.nio.channels.spi.SelectorProvider.provider(), family))
                .bind(address);
    }

    private void tick() {
        try {
            peers.tick();
            long now = clock.millis();
            if (now - lastAddressSaveMillis >= ADDRESS_SAVE_INTERVAL_MILLIS) {
                // As Core's DumpAddresses every 15 minutes, so a crash loses little of what we learned.
                lastAddressSaveMillis = now;
                addrman.save();
            }
        } catch (RuntimeException e) {
            log.error("P2P housekeeping failed", e);
        }
    }

    private void dial(String target, InetSocketAddress address, ConnectionType type, boolean v2) {
        String host = address.getHostString();
        NetworkReach.Route route = reach.route(host, address.getPort());
        if (route instanceof NetworkReach.Route.Unreachable u) {
            log.debug("Cannot connect to {}: {}", target, u.reason());
            connections.dialFinished(target);
            return;
        }
        if (route instanceof NetworkReach.Route.Refused r) {
            // bitcoind's i2p::sam::Session::Connect wording (p2p_i2p_ports.py reads it).
            log.info("Error connecting to {}:{}, {}", host, address.getPort(), r.reason());
            connections.dialFinished(target);
            return;
        }
        if (route instanceof NetworkReach.Route.ViaI2pSam sam) {
            Optional<I2pConnector> connector = i2p;
            Thread.ofVirtual().name("i2p-connect").start(() -> {
                Optional<java.nio.channels.SocketChannel> stream = Optional.empty();
                try {
                    if (connector.isPresent()) {
                        stream = connector.get().connect(host, address.getPort());
                    } else {
                        log.info("Error connecting to {}:{}: {}", host, address.getPort(), I2pSamBridge.connectError(sam.bridge()));
                    }
                } finally {
                    if (stream.isPresent()) adoptOutbound(stream.get(), type, target, v2, host, address.getPort());
                    else group.execute(() -> connections.dialFinished(target));
                }
            });
            return;
        }
        Optional<Socks5Proxy> via = route instanceof NetworkReach.Route.ViaProxy v ? Optional.of(v.proxy()) : Optional.empty();
        Optional<ProxiedEndpoints> proxied = via.map(p -> ProxiedEndpoints.of(host, address.getPort()));
        boolean unixSocket = via.map(Socks5Proxy::isUnixSocket).orElse(false);
        Bootstrap b = new Bootstrap()
                .group(group)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, SEND_BUFFER)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        via.ifPresent(p -> ch.pipeline().addFirst("socks5", new Socks5ClientHandler(proxied.orElseThrow().destination(),
                                address.getPort(), p.randomizeCredentials() ? Optional.of(Socks5ClientHandler.isolatingCredentials()) : Optional.empty())));
                        configure(ch, type, target, v2, proxied);
                    }
                });
        if (unixSocket) {
            b.channel(io.netty.channel.socket.nio.NioDomainSocketChannel.class);
        } else {
            b.channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
        }
        // Through a proxy the channel ends at the proxy, which is given the destination as text: nothing is resolved
        // or dialled directly (the proxy's own address was resolved at start-up).
        java.net.SocketAddress destination = via.map(Socks5Proxy::server).orElse(address);
        b.connect(destination)
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess() && via.isPresent()) {
                        // Connected to the proxy only: the dial lasts until the proxy has connected us to the peer
                        // (the peer handler ends it) or gives up, as bitcoind's ConnectNode spans the SOCKS5 handshake.
                        f.channel().closeFuture().addListener(c -> connections.dialFinished(target));
                        return;
                    }
                    connections.dialFinished(target);
                    if (!f.isSuccess()) log.debug("Could not connect to {}: {}", target, f.cause().toString());
                });
    }

    /**
     * A stream the I2P SAM bridge opened to {@code host}: the socket becomes the connection, set up as a proxied
     * one (the peer's address is its I2P name, not the bridge's); the dial ends when it is active or failed.
     */
    private void adoptOutbound(java.nio.channels.SocketChannel stream, ConnectionType type, String target, boolean v2,
                               String host, int port) {
        NioSocketChannel ch = new NioSocketChannel(stream);
        ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, SEND_BUFFER);
        ch.config().setTcpNoDelay(true);
        configure(ch, type, target, v2, Optional.of(ProxiedEndpoints.of(host, port)));
        group.register(ch).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                ch.unsafe().closeForcibly();
                connections.dialFinished(target);
            }
        });
    }

    /** An inbound stream the SAM bridge accepted for our I2P destination: a connection from {@code peer}. */
    private void adoptInbound(java.nio.channels.SocketChannel stream, String peer) {
        NioSocketChannel ch = new NioSocketChannel(stream);
        group.execute(() -> {
            InetSocketAddress unspecified = new InetSocketAddress(0);
            if (!running || !peers.acceptInbound(unspecified, unspecified)) {
                ch.unsafe().closeForcibly();
                return;
            }
            ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, SEND_BUFFER);
            log.debug("I2P connection from {}:{} accepted", peer, NetworkReach.I2P_SAM31_PORT);
            configure(ch, ConnectionType.INBOUND, "", peers.v2Transport(),
                    Optional.of(new ProxiedEndpoints(peer, unspecified, unspecified)));
            group.register(ch).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) ch.unsafe().closeForcibly();
            });
        });
    }

    /**
     * The addresses a proxied connection's peer gets: the destination when it is an IP literal (bitcoind's addr), the
     * unspecified address otherwise (a name the proxy resolved); the local side is unknown to us. The destination
     * text is what the proxy is asked for: an IP as bitcoind writes it (compressed IPv6, no brackets), or the name.
     */
    private record ProxiedEndpoints(String destination, InetSocketAddress remote, InetSocketAddress local) {
        static ProxiedEndpoints of(String host, int port) {
            InetSocketAddress unspecified = new InetSocketAddress(0);
            if (HostPort.isIpLiteral(host)) {
                InetAddress ip = new InetSocketAddress(host, port).getAddress(); // a literal: parsed, never looked up
                return new ProxiedEndpoints(HostPort.ipText(ip), new InetSocketAddress(ip, port), unspecified);
            }
            return new ProxiedEndpoints(host, unspecified, unspecified);
        }
    }

    /**
     * The handlers of one connection. With {@code v2} the BIP324 transport handler frames messages (an inbound one
     * first tells v1 from v2 and hands a v1 peer to the v1 framing); otherwise the v1 framing does from the start.
     */
    private void configure(Channel ch, ConnectionType type, String target, boolean v2) {
        configure(ch, type, target, v2, Optional.empty());
    }

    private void configure(Channel ch, ConnectionType type, String target, boolean v2, Optional<ProxiedEndpoints> proxied) {
        ch.pipeline().addLast("count", new ReceivedBytesCounter());
        TransportStatus transport;
        if (v2) {
            boolean initiating = type != ConnectionType.INBOUND;
            transport = TransportStatus.detecting(initiating);
            ch.pipeline().addLast("transport", new V2TransportHandler(params.magic(), initiating, transport));
        } else {
            transport = TransportStatus.v1();
            ch.pipeline().addLast("frames", new FrameDecoder(params.magic()));
            ch.pipeline().addLast("encoder", new FrameEncoder(params.magic()));
        }
        ch.pipeline().addLast("peer", new PeerHandler(type, target, transport, proxied));
    }

    /** -v2transport (bitcoind's default is on): BIP324 offered and tried first; call before {@link #start()}. */
    public void useV2Transport(boolean enabled) {
        peers.v2Transport(enabled);
    }

    /**
     * -maxuploadtarget and -capturemessages (into the network's data directory; nothing is captured without one).
     * Call before {@link #start()}.
     */
    public void useTraffic(TrafficOptions traffic) {
        MessageCapture capture = traffic.captureMessages()
                ? config.dataDir().map(MessageCapture::into).orElse(MessageCapture.off()) : MessageCapture.off();
        peers.useTraffic(new UploadTarget(traffic.maxUploadTargetBytes()), capture);
    }

    /** Whether -v2transport is on (addnode and addconnection refuse v2 requests otherwise). */
    public boolean v2TransportEnabled() {
        return peers.v2Transport();
    }

    /** Counts bytes as they arrive, before framing, for getnettotals (bitcoind counts every recv). */
    private final class ReceivedBytesCounter extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.buffer.ByteBuf buf) peers.onBytesReceived(buf.readableBytes());
            ctx.fireChannelRead(msg);
        }
    }

    /** Bridges one channel's events to the peer manager. */
    private final class PeerHandler extends SimpleChannelInboundHandler<Object> {
        private final ConnectionType type;
        private final String target;
        private final TransportStatus transport;
        private final Optional<ProxiedEndpoints> proxied;
        private Peer peer;

        PeerHandler(ConnectionType type, String target, TransportStatus transport, Optional<ProxiedEndpoints> proxied) {
            super(Object.class);
            this.type = type;
            this.target = target;
            this.transport = transport;
            this.proxied = proxied;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            peer = proxied.isPresent()
                    ? peers.onConnected(ctx.channel(), type, target, transport, proxied.get().remote(), proxied.get().local())
                    : peers.onConnected(ctx.channel(), type, target, transport);
            if (proxied.isPresent()) connections.dialFinished(target);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object frame) {
            if (peer == null) return;
            if (frame instanceof RawFrame raw) peers.onFrame(peer, raw);
            else if (frame instanceof DroppedFrame dropped) peers.onDroppedFrame(peer, dropped);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (peer != null) peers.onError(peer, cause);
            else ctx.close();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (peer != null && ctx.channel().isWritable()) peers.serveGetData(peer);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer == null) return;
            peers.onDisconnected(peer);
            if (transport.shouldReconnectV1() && running) {
                // bitcoind: a peer that closed our v2 attempt without a byte in answer is likely v1-only.
                log.debug("retrying with v1 transport protocol for peer={}", peer.id());
                connections.reconnectV1(target.isEmpty() ? Peer.format(peer.remote()) : target, type);
            }
        }
    }

    /** Closes every connection, stops listening, saves peers.dat. */
    public synchronized void stop() {
        if (!running) return;
        ticker.cancel(false);
        addedNodesTask.cancel(false);
        if (outboundTask != null) outboundTask.cancel(false);
        sender.cancel(false);
        // bitcoind's StopNodes dumps the anchors on a clean shutdown only, before the connections are closed.
        if (config.connect().isEmpty()) config.dataDir().ifPresent(this::dumpAnchors);
        i2p.ifPresent(I2pConnector::stop);
        tor.ifPresent(dev.blocksmith.p2p.tor.TorController::stop);
        if (server != null) server.close().syncUninterruptibly();
        for (Channel c : extraServers) c.close().syncUninterruptibly();
        for (Channel c : whitebindServers) c.close().syncUninterruptibly();
        try {
            onLoop(() -> {
                for (Peer p : List.copyOf(peers.peers())) p.channel().close();
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Error while closing connections: {}", e.getMessage());
        }
        running = false;
        // Queued blocks are dropped (peers will serve them again); the one being validated finishes.
        validator.shutdownNow();
        try {
            if (!validator.awaitTermination(60, TimeUnit.SECONDS)) log.warn("Block validation did not stop in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        addrman.save();
        log.info("P2P network stopped");
    }

    /** bitcoind's DumpAnchors: the current outbound block-relay-only peers (at most two) to anchors.dat. */
    private void dumpAnchors(java.nio.file.Path dir) {
        List<AnchorsFile.Anchor> anchors;
        try {
            // A block-relay-only dial still in progress counts: bitcoind's addconnection connects (SOCKS5 handshake
            // included) before it returns, so such a peer is already among its nodes.
            anchors = onLoop(() -> java.util.stream.Stream.concat(
                            peers.peers().stream().filter(p -> p.type() == ConnectionType.BLOCK_RELAY_ONLY).map(this::anchorOf),
                            connections.pendingDials(ConnectionType.BLOCK_RELAY_ONLY).stream().map(this::anchorOfDial))
                    .flatMap(Optional::stream)
                    .limit(MAX_ANCHORS).toList());
        } catch (RuntimeException e) {
            log.warn("Could not list the block-relay-only peers for anchors.dat: {}", e.getMessage());
            return;
        }
        String what = "DumpAnchors: Flush " + anchors.size() + " outbound block-relay-only peer addresses to " + ANCHORS_FILE;
        long start = System.nanoTime();
        log.info("{} started", what);
        try {
            AnchorsFile.write(dir.resolve(ANCHORS_FILE), params.magic(), anchors);
        } catch (java.io.IOException e) {
            log.error("Failed to write {}: {}", ANCHORS_FILE, e.getMessage());
            return;
        }
        log.info("{} completed ({}s)", what, String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
    }

    /**
     * A block-relay-only peer as an anchor: the name we dialled (a Tor or I2P peer's remote address is the proxy's),
     * the services it announced (none before its version message) and when we connected.
     */
    private Optional<AnchorsFile.Anchor> anchorOf(Peer p) {
        InetSocketAddress where = p.target().isEmpty() ? p.remote() : ConnectionManager.parse(p.target(), params.p2pPort());
        Optional<dev.blocksmith.p2p.addr.NetAddr> addr = anchorAddress(where);
        long services = p.version().map(Message.Version::services).orElse(0L);
        return addr.map(a -> new AnchorsFile.Anchor(a, where.getPort(), services, p.connectedAtMillis() / 1000));
    }

    /** A dial in progress as an anchor: no services known yet. */
    private Optional<AnchorsFile.Anchor> anchorOfDial(String target) {
        InetSocketAddress where = ConnectionManager.parse(target, params.p2pPort());
        return anchorAddress(where).map(a -> new AnchorsFile.Anchor(a, where.getPort(), 0, clock.millis() / 1000));
    }

    private Optional<dev.blocksmith.p2p.addr.NetAddr> anchorAddress(InetSocketAddress where) {
        boolean cjdns = reach.isReachable(Network.CJDNS);
        return where.getAddress() != null
                ? Optional.of(dev.blocksmith.p2p.addr.NetAddr.ofIp(where.getAddress(), cjdns))
                : dev.blocksmith.p2p.addr.NetAddr.parse(where.getHostString(), cjdns);
    }

    /** getnetworkinfo's subversion: the user agent we announce, with the -uacomment values. */
    public String userAgent() {
        return config.userAgent();
    }

    /** The address we listen on (resolves port 0 to the chosen port). */
    public Optional<InetSocketAddress> listenAddress() {
        return server == null ? Optional.empty() : Optional.of((InetSocketAddress) server.localAddress());
    }

    /** The services this node offers in its version messages (getnetworkinfo's localservices). */
    /** getnetworkinfo's localrelay: whether we take transactions from peers (not in -blocksonly mode). */
    public boolean localRelay() {
        return !relay.blocksOnly();
    }

    public long localServices() {
        return peers.localServices();
    }

    public List<PeerInfo> peers() {
        return onLoop(() -> {
            List<PeerInfo> out = new ArrayList<>();
            long now = clock.millis();
            for (Peer p : peers.peers()) {
                List<Integer> inflight = new ArrayList<>();
                for (var h : p.blocksInFlight().keySet()) chain.header(h).ifPresent(e -> inflight.add(e.height()));
                out.add(p.info(now, Math.min(p.bestKnownHeight(), chain.tip().height()), inflight));
            }
            return out;
        });
    }

    public int connectionCount() {
        return onLoop(() -> peers.peers().size());
    }

    /** getnetworkinfo's connections_in / connections_out. */
    public ConnectionCounts connectionCounts() {
        return onLoop(() -> {
            int in = (int) peers.peers().stream().filter(Peer::inbound).count();
            return new ConnectionCounts(in, peers.peers().size() - in);
        });
    }

    public record ConnectionCounts(int inbound, int outbound) {
    }

    public boolean isNetworkActive() {
        return peers.networkActive();
    }

    /** setnetworkactive. */
    public void setNetworkActive(boolean active) {
        log.info("SetNetworkActive: {}", active);
        onLoop(() -> {
            peers.networkActive(active);
            return null;
        });
    }

    /**
     * getnetworkinfo's timeoffset: the median of the outbound peers' clock offsets (seconds), as Core
     * reports it; 0 without outbound peers.
     */
    public long timeOffset() {
        return onLoop(() -> {
            long[] offsets = peers.peers().stream().filter(p -> !p.inbound() && p.handshakeComplete())
                    .mapToLong(p -> p.info(clock.millis(), 0, List.of()).timeOffset()).sorted().toArray();
            return offsets.length == 0 ? 0L : offsets[offsets.length / 2];
        });
    }

    public void addNode(String node, AddNodeAction action) {
        addNode(node, action, peers.v2Transport());
    }

    /** addnode with its v2transport argument: whether to try BIP324 first (only with -v2transport). */
    public void addNode(String node, AddNodeAction action, boolean v2) {
        onLoop(() -> {
            switch (action) {
                case ADD -> connections.addNode(node, v2);
                case REMOVE -> connections.removeNode(node);
                case ONETRY -> connections.oneTry(node, v2);
            }
            return null;
        });
    }

    public List<AddedNodeInfo> addedNodeInfo(Optional<String> node) {
        return onLoop(() -> {
            List<String> nodes = connections.addedNodes();
            if (node.isPresent() && !nodes.contains(node.get())) {
                throw new P2PException(P2PException.Kind.NODE_NOT_ADDED, "Error: Node has not been added.");
            }
            List<AddedNodeInfo> out = new ArrayList<>();
            for (String n : nodes) {
                if (node.isPresent() && !node.get().equals(n)) continue;
                List<String> addrs = new ArrayList<>();
                for (Peer p : peers.peers()) {
                    if (p.target().equals(n)) addrs.add(p.info(clock.millis(), 0, List.of()).addr());
                }
                out.add(new AddedNodeInfo(n, !addrs.isEmpty(), addrs));
            }
            return out;
        });
    }

    /** disconnectnode by "ip:port" address or by peer id. */
    public void disconnectNode(Optional<String> address, Optional<Long> id) {
        onLoop(() -> {
            for (Peer p : List.copyOf(peers.peers())) {
                PeerInfo info = p.info(clock.millis(), 0, List.of());
                if (id.map(i -> i == p.id()).orElse(false) || address.map(a -> a.equals(info.addr())).orElse(false)) {
                    peers.disconnect(p, "disconnectnode");
                    return null;
                }
            }
            throw new P2PException(P2PException.Kind.NODE_NOT_CONNECTED, "Node not found in connected nodes");
        });
    }

    /**
     * setban: {@code add} bans the subnet until {@code banTimeSeconds} from now (or that absolute Unix time)
     * and disconnects matching peers; otherwise the ban is lifted.
     */
    public void setBan(String subnet, boolean add, long banTimeSeconds, boolean absolute) {
        Subnet s;
        try {
            s = Subnet.parse(subnet);
        } catch (IllegalArgumentException e) {
            throw new P2PException(P2PException.Kind.INVALID_IP_OR_SUBNET, "Error: Invalid IP/Subnet");
        }
        if (!add) {
            if (!bans.unban(s)) throw new P2PException(P2PException.Kind.NOT_BANNED, "Error: Unban failed. Requested address/subnet was not previously manually banned.");
            return;
        }
        // bitcoind: a single address counts as banned when any banned subnet holds it; a subnet only when
        // that very subnet is banned.
        boolean already = s.isSingleIp() && !subnet.contains("/") ? bans.isBanned(s.firstAddress()) : bans.isBanned(s);
        if (already) throw new P2PException(P2PException.Kind.ALREADY_BANNED, "Error: IP/Subnet already banned");
        long now = clock.millis() / 1000;
        if (absolute && banTimeSeconds < now) {
            throw new P2PException(P2PException.Kind.INVALID_PARAMETER, "Error: Absolute timestamp is in the past");
        }
        long duration = banTimeSeconds > 0 ? banTimeSeconds : config.banTime().toSeconds();
        bans.ban(s, absolute ? banTimeSeconds : now + duration);
        onLoop(() -> {
            for (Peer p : List.copyOf(peers.peers())) {
                if (s.contains(p.remote().getAddress())) peers.disconnect(p, "banned");
            }
            return null;
        });
    }

    public List<BanEntry> listBanned() {
        return bans.list();
    }

    public void clearBanned() {
        bans.clear();
    }

    /** Whether an address is currently discouraged for misbehaviour. */
    public boolean isDiscouraged(InetAddress address) {
        return bans.isDiscouraged(address);
    }

    public void ping() {
        onLoop(() -> {
            peers.pingAll();
            return null;
        });
    }

    public NetTotals netTotals() {
        return onLoop(() -> new NetTotals(peers.totalBytesRecv(), peers.totalBytesSent(), clock.millis(),
                peers.uploadTarget().status(clock.millis() / 1000)));
    }

    /** -externalip addresses and those learned at run time (I2P, Tor), as getnetworkinfo's localaddresses. */
    public List<LocalAddress> localAddresses() {
        int port = listenAddress().map(InetSocketAddress::getPort).orElse(config.port());
        List<LocalAddress> out = new ArrayList<>();
        for (String ip : config.externalIp()) out.add(new LocalAddress(ip, port, 1));
        out.addAll(discoveredLocal.values());
        return out;
    }

    /** getnodeaddresses: up to {@code count} known addresses (0 = all). */
    public List<KnownAddress> nodeAddresses(int count) {
        return addrman.sample(count);
    }

    /** Whether this is the regression-test chain (addconnection is refused elsewhere, as in bitcoind). */
    public boolean isRegtest() {
        return params.isRegtest();
    }

    /**
     * addconnection: an outbound connection of the given type to "host:port".
     *
     * @return false when already at capacity for that connection type
     */
    public boolean addConnection(String address, dev.blocksmith.p2p.peer.ConnectionType type) {
        return addConnection(address, type, false);
    }

    /** addconnection with its v2transport argument. */
    public boolean addConnection(String address, dev.blocksmith.p2p.peer.ConnectionType type, boolean v2) {
        return onLoop(() -> connections.addConnection(address, type, v2));
    }

    /** getorphantxs: the transactions held while their parents are missing. */
    public List<TxRelay.OrphanView> orphanTransactions() {
        return onLoop(txRelay::orphans);
    }

    /** bitcoind's -test=addrman: deterministic address-manager bucketing; call before {@link #start()}. */
    public void useDeterministicAddressManager() {
        addrman.makeDeterministic();
    }

    /** addpeeraddress: adds as if the address had announced itself, NODE_NETWORK | NODE_WITNESS as bitcoind. */
    public AddressManager.AddOutcome addPeerAddress(InetSocketAddress address, boolean tried) {
        return addrman.addPeerAddress(address, PeerManager.LOCAL_SERVICES, tried);
    }

    /**
     * addpeeraddress of an address of any network, given as bitcoind's LookupHost reads it without DNS
     * (IP literal, Tor v3 or I2P name); an IPv6 one in fc00::/8 is CJDNS with -cjdnsreachable.
     *
     * @return empty when the text is not such an address ("Invalid IP address")
     */
    public Optional<AddressManager.AddOutcome> addPeerAddress(String host, int port, boolean tried) {
        return dev.blocksmith.p2p.addr.NetAddr.parse(host, reach.isReachable(Network.CJDNS))
                .map(a -> addrman.addPeerAddress(a, port, PeerManager.LOCAL_SERVICES, tried));
    }

    /** getrawaddrman / getaddrmaninfo: the occupied slots of the new and tried tables. */
    public List<AddressManager.TableEntry> addressTables() {
        return addrman.tableEntries();
    }

    /**
     * sendmsgtopeer: queues a message of any type and payload to one peer, unchecked, as bitcoind does.
     *
     * @return false when no connected peer has that id
     */
    public boolean sendMessageToPeer(long peerId, String command, byte[] payload) {
        return onLoop(() -> {
            for (Peer p : peers.peers()) {
                if (p.id() == peerId) {
                    p.sendRaw(command, payload, clock.millis());
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * getblockfrompeer: asks the peer with this id for a block whose header the chain knows (bitcoind's FetchBlock;
     * the caller checks the header and that the block is not stored). The block is stored when it arrives.
     *
     * @throws P2PException (MISC) with bitcoind's reason when the request cannot be sent
     */
    public void fetchBlock(long peerId, Sha256Hash hash) {
        onLoop(() -> {
            Peer peer = null;
            for (Peer p : peers.peers()) {
                if (p.id() == peerId) peer = p;
            }
            if (peer == null) throw new P2PException(P2PException.Kind.MISC, "Peer does not exist");
            long services = peer.version().map(Message.Version::services).orElse(0L);
            // bitcoind's CanServeWitnesses: a block without its witnesses cannot be validated.
            if ((services & ServiceFlags.NODE_WITNESS) == 0) throw new P2PException(P2PException.Kind.MISC, "Pre-SegWit peer");
            if (!peer.handshakeComplete()) throw new P2PException(P2PException.Kind.MISC, "Peer not fully connected");
            sync.fetchBlock(peer, hash);
            return null;
        });
    }

    /** Submits a local transaction to the mempool and relays it if accepted (sendrawtransaction). */
    public MempoolBackend.TxResult submitTransaction(Transaction tx) {
        return onLoop(() -> txRelay.submitLocal(tx));
    }

    /**
     * Queues a transaction the caller already put into the mempool (sendrawtransaction with its own
     * acceptance options, or a wallet) for announcement to every peer with their next trickle.
     */
    public void announceTransaction(Transaction tx) {
        // Queued without waiting: a wallet announces while it holds its own lock, and the network thread may be
        // waiting for that lock to tell the wallet of a block or transaction; waiting here would deadlock both.
        if (!running || group.isShuttingDown() || group.next().inEventLoop()) {
            txRelay.announceAccepted(tx);
            return;
        }
        group.next().execute(() -> txRelay.announceAccepted(tx));
    }

    /**
     * bitcoind's ReattemptInitialBroadcast, run by the node's scheduler every 10 to 15 minutes: locally
     * submitted transactions no peer has fetched yet are announced again.
     */
    public void reattemptInitialBroadcast() {
        onLoop(() -> {
            txRelay.reattemptInitialBroadcast();
            return null;
        });
    }

    private <T> T onLoop(Callable<T> task) {
        if (!running || group.isShuttingDown() || group.next().inEventLoop()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return group.submit(task).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("network thread did not answer", e);
        }
    }
}
