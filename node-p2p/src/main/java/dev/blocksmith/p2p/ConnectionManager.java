package dev.blocksmith.p2p;

import dev.blocksmith.p2p.addr.AddressManager;
import dev.blocksmith.p2p.addr.AnchorsFile;
import dev.blocksmith.p2p.addr.KnownAddress;
import dev.blocksmith.p2p.peer.BanManager;
import dev.blocksmith.p2p.peer.ConnectionType;
import dev.blocksmith.p2p.peer.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which outbound connections to open, in bitcoind's two tasks: {@link #tickAddedNodes()} (its
 * ThreadOpenAddedConnections: the -addnode peers, redialled after {@link P2PConfig#reconnectInterval()}) and
 * {@link #tickOutbound()} (its ThreadOpenConnections: only the -connect peers when given; otherwise address
 * fetches from -seednode peers and DNS seeds, the fixed-seed fallback, and automatic peers from the address
 * manager up to 8 full-relay and 2 block-relay-only connections). Runs only on the event loop.
 */
final class ConnectionManager {
    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);
    /** "-connect=0": no automatic outbound connections at all. */
    static final String NO_AUTOMATIC_CONNECTIONS = "0";
    private static final long FEELER_INTERVAL_MILLIS = 120_000;
    private static final long RETRY_DELAY_SECONDS = 600;

    /** Opens a connection; implemented by {@link P2PNetwork} over Netty. */
    interface Dialer {
        /** @param v2 try BIP324 first (bitcoind's use_v2transport) */
        void dial(String target, InetSocketAddress address, ConnectionType type, boolean v2);
    }

    private final P2PConfig config;
    private final int defaultPort;
    private final AddressManager addrman;
    private final BanManager bans;
    private final PeerManager peers;
    private final Dialer dialer;
    private final List<String> addedNodes = new ArrayList<>();
    /** Whether each added node is tried with v2 first (addnode's v2transport argument, else -v2transport). */
    private final Map<String, Boolean> addedNodeV2 = new HashMap<>();
    private final Deque<OneTry> oneTry = new ArrayDeque<>();

    private record OneTry(String node, boolean v2) {
    }
    /** -seednode peers not asked yet, taken from the end (bitcoind shuffles them first). */
    private final List<String> seedNodes = new ArrayList<>();
    /** Names to connect to once for addresses (bitcoind's m_addr_fetches). */
    private final Deque<String> addrFetches = new ArrayDeque<>();
    /** Set by {@link #startOutbound}: the automatic-connection task runs. */
    private FixedSeedFallback fixedSeeds;
    private boolean addSeedNode;
    private long seedNodeTimerMillis;
    /** The last run's block-relay-only peers (anchors.dat), tried first and last one first, as bitcoind's m_anchors. */
    private final Deque<AnchorsFile.Anchor> anchors = new ArrayDeque<>();
    /** Dials in progress: name -> address key. */
    private final Map<String, String> pending = new HashMap<>();
    private final Map<String, ConnectionType> pendingTypes = new HashMap<>();
    private final Map<String, Long> lastAttempt = new HashMap<>();
    private long nextFeelerMillis;
    /** bitcoind's ADD_NEXT_SEEDNODE: without enough peers, the next seed node is asked after this long. */
    private static final long NEXT_SEEDNODE_MILLIS = 10_000;

    ConnectionManager(P2PConfig config, int defaultPort, AddressManager addrman, BanManager bans, PeerManager peers, Dialer dialer) {
        this.config = config;
        this.defaultPort = defaultPort;
        this.addrman = addrman;
        this.bans = bans;
        this.peers = peers;
        this.dialer = dialer;
        addedNodes.addAll(config.addNode());
        seedNodes.addAll(config.seedNode());
        java.util.Collections.shuffle(seedNodes);
    }

    /**
     * Whether bitcoind would start its automatic-connection thread: with -connect peers or with automatic
     * connections; not with -connect=0 / -noconnect alone.
     */
    static boolean runsOutboundTask(P2PConfig config) {
        return !(config.connect().size() == 1 && config.connect().get(0).equals(NO_AUTOMATIC_CONNECTIONS));
    }

    /**
     * The automatic-connection task starts (bitcoind's ThreadOpenConnections prologue): the fixed-seed
     * fallback's clock starts now, and with an empty address manager the first seed node is asked at once.
     */
    void startOutbound(boolean fixedSeedsEnabled, List<InetSocketAddress> fixedSeedList) {
        long now = peers.nowMillis();
        fixedSeeds = new FixedSeedFallback(fixedSeedsEnabled, fixedSeedList, config.dnsSeed(), !config.seedNode().isEmpty(), now / 1000);
        seedNodeTimerMillis = now;
        addSeedNode = addrman.size() == 0 && !seedNodes.isEmpty();
    }

    /** The anchors read at start (bitcoind's ReadAnchors); only without -connect. */
    void useAnchors(List<AnchorsFile.Anchor> read) {
        anchors.clear();
        anchors.addAll(read);
    }

    /** A name to connect to once for addresses (DNS seeds behind a name proxy). */
    void addAddrFetch(String name) {
        addrFetches.add(name);
    }

    /** The names being dialled for connections of this type. */
    List<String> pendingDials(ConnectionType type) {
        return pendingTypes.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).toList();
    }

    void dialFinished(String target) {
        pending.remove(target);
        pendingTypes.remove(target);
    }

    List<String> addedNodes() {
        return List.copyOf(addedNodes);
    }

    /**
     * As bitcoind's AddNode: a node is already added under the same text, or, when both are numeric,
     * under another spelling of the same address and port ("127.1:18444" is "127.0.0.1:18444").
     */
    void addNode(String node) {
        addNode(node, peers.v2Transport());
    }

    void addNode(String node, boolean v2) {
        java.util.Optional<InetSocketAddress> numeric = numeric(node);
        for (String added : addedNodes) {
            if (added.equals(node) || numeric.isPresent() && numeric.equals(numeric(added))) {
                throw new P2PException(P2PException.Kind.NODE_ALREADY_ADDED, "Error: Node already added");
            }
        }
        addedNodes.add(node);
        addedNodeV2.put(node, v2);
        lastAttempt.remove(node);
    }

    void removeNode(String node) {
        addedNodeV2.remove(node);
        if (!addedNodes.remove(node)) {
            throw new P2PException(P2PException.Kind.NODE_NOT_ADDED, "Error: Node could not be removed. It has not been added previously.");
        }
    }

    /**
     * addconnection (regtest): opens an outbound connection of {@code type} to {@code node} now. As
     * bitcoind's CConnman::AddConnection, false when the full-relay or block-relay-only slots are all used.
     */
    boolean addConnection(String node, ConnectionType type, boolean v2) {
        int max = switch (type) {
            case OUTBOUND_FULL_RELAY -> P2PConfig.MAX_OUTBOUND_FULL_RELAY;
            case BLOCK_RELAY_ONLY -> P2PConfig.MAX_BLOCK_RELAY_ONLY;
            default -> Integer.MAX_VALUE;
        };
        long count = peers.peers().stream().filter(p -> p.type() == type).count()
                + pendingTypes.values().stream().filter(t -> t == type).count();
        if (count >= max) return false;
        pendingTypes.put(node, type);
        dialNamed(node, type, peers.nowMillis(), v2);
        return true;
    }

    void oneTry(String node, boolean v2) {
        oneTry.add(new OneTry(node, v2));
    }

    /**
     * bitcoind's reconnection after a failed v2 attempt (ShouldReconnectV1): the same destination and connection type
     * again, now with v1.
     */
    void reconnectV1(String node, ConnectionType type) {
        if (!peers.networkActive()) return;
        if (type != ConnectionType.MANUAL) pendingTypes.put(node, type);
        dialNamed(node, type, peers.nowMillis(), false);
    }

    /** bitcoind's ThreadOpenAddedConnections round (with addnode onetry requests). */
    void tickAddedNodes() {
        if (!peers.networkActive()) return;
        long now = peers.nowMillis();
        while (!oneTry.isEmpty()) {
            OneTry t = oneTry.poll();
            if (!isConnected(t.node())) dialNamed(t.node(), ConnectionType.MANUAL, now, t.v2());
        }
        for (String node : addedNodes) maybeRedial(node, now, addedNodeV2.getOrDefault(node, peers.v2Transport()));
    }

    /** bitcoind's ThreadOpenConnections round; only after {@link #startOutbound}. */
    void tickOutbound() {
        if (fixedSeeds == null) return;
        long now = peers.nowMillis();
        if (!config.connect().isEmpty()) {
            // -connect: only these peers, redialled; nothing else (no seeds, no address manager).
            if (!peers.networkActive()) return;
            for (String node : config.connect()) {
                if (!node.equals(NO_AUTOMATIC_CONNECTIONS)) maybeRedial(node, now, peers.v2Transport());
            }
            return;
        }
        if (addSeedNode) {
            addSeedNode = false;
            String seed = seedNodes.remove(seedNodes.size() - 1);
            addrFetches.add(seed);
            if (addrman.size() == 0) {
                log.info("Empty addrman, adding seednode ({}) to addrfetch", seed);
            } else {
                log.info("Couldn't connect to peers from addrman after {} seconds. Adding seednode ({}) to addrfetch",
                        NEXT_SEEDNODE_MILLIS / 1000, seed);
            }
        }
        if (!addrFetches.isEmpty() && peers.networkActive()) dialNamed(addrFetches.poll(), ConnectionType.ADDR_FETCH, now, peers.v2Transport());
        fixedSeeds.poll(now / 1000, this::reachableEmptyNetworks, !addedNodes.isEmpty()).ifPresent(seeds ->
                // bitcoind dates fixed seeds one to two weeks back, so that they never look fresh.
                addrman.add(seeds, PeerManager.LOCAL_SERVICES, now / 1000 - 7 * 86_400
                        - java.util.concurrent.ThreadLocalRandom.current().nextLong(7 * 86_400), InetAddress.getLoopbackAddress()));
        long fullRelay = peers.peers().stream().filter(p -> p.type() == ConnectionType.OUTBOUND_FULL_RELAY).count();
        if (!seedNodes.isEmpty() && fullRelay < DnsSeeder.ENOUGH_OUTBOUND && now > seedNodeTimerMillis + NEXT_SEEDNODE_MILLIS) {
            seedNodeTimerMillis = now;
            addSeedNode = true;
        }
        if (!peers.networkActive()) return;
        openAnchor();
        openAutomatic(ConnectionType.OUTBOUND_FULL_RELAY, P2PConfig.MAX_OUTBOUND_FULL_RELAY);
        openAutomatic(ConnectionType.BLOCK_RELAY_ONLY, P2PConfig.MAX_BLOCK_RELAY_ONLY);
        // Core's feeler: with all full-relay slots in use, test one more address every two minutes so
        // that working addresses move to the tried table.
        if (fullRelay >= P2PConfig.MAX_OUTBOUND_FULL_RELAY && now >= nextFeelerMillis) {
            nextFeelerMillis = now + FEELER_INTERVAL_MILLIS;
            openAutomatic(ConnectionType.FEELER, 1);
        }
    }

    /** Reachable networks (both IP families: Blocksmith has no -onlynet subset of them) with no known address. */
    private java.util.Set<FixedSeedFallback.Net> reachableEmptyNetworks() {
        java.util.Set<FixedSeedFallback.Net> empty = java.util.EnumSet.allOf(FixedSeedFallback.Net.class);
        for (KnownAddress k : addrman.sample(0)) empty.remove(FixedSeedFallback.netOf(k.socketAddress()));
        return empty;
    }

    private void maybeRedial(String node, long now, boolean v2) {
        if (isConnected(node)) return;
        Long last = lastAttempt.get(node);
        if (last != null && now - last < config.reconnectInterval().toMillis()) return;
        dialNamed(node, ConnectionType.MANUAL, now, v2);
    }

    /**
     * Connected or being dialled, under this name (bitcoind's FindNode(pszDest): a peer dialled as "feeder" is that
     * name, whatever address it resolved to and whether or not the name carried the port) or (for IP literals) to
     * the same address and port.
     */
    private boolean isConnected(String node) {
        if (pending.containsKey(node)) return true;
        for (Peer p : peers.peers()) if (p.target().equals(node)) return true;
        String key;
        try {
            key = addressKey(parse(node, defaultPort));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return busyAddresses().contains(key);
    }

    /** Address keys of current connections (both directions) and of dials in progress. */
    private Set<String> busyAddresses() {
        Set<String> busy = new HashSet<>(pending.values());
        for (Peer p : peers.peers()) {
            busy.add(addressKey(p.remote()));
            if (!p.target().isEmpty()) busy.add(p.target());
        }
        return busy;
    }

    private void dialNamed(String node, ConnectionType type, long now, boolean v2) {
        lastAttempt.put(node, now);
        InetSocketAddress address;
        try {
            address = parse(node, defaultPort);
        } catch (IllegalArgumentException e) {
            log.warn("Cannot connect to {}: {}", node, e.getMessage());
            return;
        }
        pending.put(node, addressKey(address));
        logTrying(node, 0, now, v2);
        dialer.dial(node, address, type, v2);
    }

    /**
     * bitcoind's ConnectNode line (net category; Core's tests wait for it); a name given by the user has no last-seen
     * time (0, as bitcoind's).
     */
    private static void logTrying(String destination, long lastSeenSeconds, long nowMillis, boolean v2) {
        if (log.isDebugEnabled()) {
            log.debug("trying {} connection {} lastseen={}hrs", v2 ? "v2" : "v1", destination,
                    String.format(java.util.Locale.ROOT, "%.1f", (nowMillis / 1000 - lastSeenSeconds) / 3600.0));
        }
    }

    /**
     * bitcoind's first choice in ThreadOpenConnections: while a block-relay-only slot is free, reconnect to an anchor
     * (keeping the same block-relay peers across restarts makes eclipse attacks that need a restart harder). An anchor
     * without the services we want, or already connected, is dropped.
     */
    private void openAnchor() {
        long blockRelay = peers.peers().stream().filter(p -> p.type() == ConnectionType.BLOCK_RELAY_ONLY).count()
                + pendingTypes.values().stream().filter(t -> t == ConnectionType.BLOCK_RELAY_ONLY).count();
        if (blockRelay >= P2PConfig.MAX_BLOCK_RELAY_ONLY) return;
        Set<String> busy = busyAddresses();
        while (!anchors.isEmpty()) {
            AnchorsFile.Anchor a = anchors.pollLast();
            InetSocketAddress address = a.address().inetAddress().map(ip -> new InetSocketAddress(ip, a.port()))
                    .orElseGet(() -> InetSocketAddress.createUnresolved(a.address().host(), a.port()));
            if (!peers.hasAllDesirableServices(a.services()) || busy.contains(addressKey(address))) continue;
            String name = a.toString();
            log.debug("Trying to make an anchor connection to {}", name);
            pending.put(name, addressKey(address));
            pendingTypes.put(name, ConnectionType.BLOCK_RELAY_ONLY);
            boolean v2 = peers.v2Transport() && (a.services() & dev.blocksmith.p2p.peer.ServiceFlags.NODE_P2P_V2) != 0;
            dialer.dial(name, address, ConnectionType.BLOCK_RELAY_ONLY, v2);
            return;
        }
    }

    private void openAutomatic(ConnectionType type, int target) {
        long now = peers.nowMillis();
        long count = peers.peers().stream().filter(p -> p.type() == type).count()
                + pendingTypes.values().stream().filter(t -> t == type).count();
        if (count >= target || peers.peers().size() + pending.size() >= config.maxConnections()) return;
        Set<String> busy = busyAddresses();
        for (int attempt = 0; attempt < 10; attempt++) {
            var pick = addrman.select();
            if (pick.isEmpty()) return;
            KnownAddress k = pick.get();
            InetSocketAddress a = k.socketAddress();
            InetAddress ip = a.getAddress();
            // One connection per address, as Core's AlreadyConnectedToAddress; Tor and I2P names cannot be banned.
            if (busy.contains(addressKey(a)) || ip != null && (bans.isBanned(ip) || bans.isDiscouraged(ip))) continue;
            // As Core, an address tried in the last ten minutes waits, unless we have tried many already.
            if (k.lastTry() > now / 1000 - RETRY_DELAY_SECONDS && attempt < 9) continue;
            addrman.markAttempt(k);
            String name = k.key();
            pending.put(name, addressKey(a));
            pendingTypes.put(name, type);
            // bitcoind tries v2 first with addresses that advertise NODE_P2P_V2, when we offer it ourselves.
            boolean v2 = peers.v2Transport() && (k.services() & dev.blocksmith.p2p.peer.ServiceFlags.NODE_P2P_V2) != 0;
            logTrying(name, k.lastSeen(), now, v2);
            dialer.dial(name, a, type, v2);
            return;
        }
    }

    /** host:port with IP literals in canonical form, so that "::1" and "0:0:0:0:0:0:0:1" compare equal. */
    static String addressKey(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        if (a.getAddress() == null && host.matches("[0-9a-fA-F:.]+") && (host.contains(":") || host.matches("[0-9.]+"))) {
            try {
                host = InetAddress.getByName(host).getHostAddress(); // an IP literal: no name lookup happens
            } catch (UnknownHostException e) {
                return host + ":" + a.getPort();
            }
        }
        return host + ":" + a.getPort();
    }

    /** Parses "host", "host:port", "[v6]" or "[v6]:port" without resolving names. */
    /** bitcoind's LookupNumeric: the address of a numeric node (IP literal, inet_aton forms too), never a DNS lookup. */
    private java.util.Optional<InetSocketAddress> numeric(String node) {
        try {
            InetSocketAddress a = parse(node, defaultPort);
            String h = a.getHostString();
            if (!h.matches("[0-9]+(\\.[0-9]+){0,3}") && !h.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) return java.util.Optional.empty();
            return java.util.Optional.of(new InetSocketAddress(InetAddress.getByName(h), a.getPort()));
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    static InetSocketAddress parse(String node, int defaultPort) {
        String host = node.trim();
        // bitcoind's CConnman::GetDefaultPort(string): an I2P name's default port is I2P_SAM31_PORT (0).
        boolean i2pName = dev.blocksmith.p2p.addr.NetAddr.parse(host, false).map(a -> a.network() == Network.I2P).orElse(false);
        int port = i2pName ? NetworkReach.I2P_SAM31_PORT : defaultPort;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("unterminated IPv6 literal");
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (rest.startsWith(":")) port = Integer.parseInt(rest.substring(1));
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = Integer.parseInt(host.substring(host.indexOf(':') + 1));
            host = host.substring(0, host.indexOf(':'));
        }
        // Port 0 is an I2P destination's only port (SAM 3.1 has none; bitcoind's I2P_SAM31_PORT); elsewhere it is no port.
        boolean i2p = host.toLowerCase(java.util.Locale.ROOT).endsWith(".i2p");
        int lowest = i2p ? NetworkReach.I2P_SAM31_PORT : 1;
        if (host.isEmpty() || port < lowest || port > 0xffff) throw new IllegalArgumentException("bad address " + node);
        return InetSocketAddress.createUnresolved(host, port);
    }
}
