package dev.blocksmith.p2p;

import dev.blocksmith.p2p.addr.AddressManager;
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
 * Decides which outbound connections to open: only the -connect peers when given; otherwise the -addnode
 * peers (redialled after {@link P2PConfig#reconnectInterval()}), one-shot -seednode address fetches, and
 * automatic peers from the address manager up to 8 full-relay and 2 block-relay-only connections.
 * Runs only on the event loop.
 */
final class ConnectionManager {
    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);
    /** "-connect=0": no automatic outbound connections at all. */
    static final String NO_AUTOMATIC_CONNECTIONS = "0";
    private static final long FEELER_INTERVAL_MILLIS = 120_000;
    private static final long RETRY_DELAY_SECONDS = 600;

    /** Opens a connection; implemented by {@link P2PNetwork} over Netty. */
    interface Dialer {
        void dial(String target, InetSocketAddress address, ConnectionType type);
    }

    private final P2PConfig config;
    private final int defaultPort;
    private final AddressManager addrman;
    private final BanManager bans;
    private final PeerManager peers;
    private final Dialer dialer;
    private final List<String> addedNodes = new ArrayList<>();
    private final Deque<String> oneTry = new ArrayDeque<>();
    private final Deque<String> seedNodes = new ArrayDeque<>();
    /** Dials in progress: name -> address key. */
    private final Map<String, String> pending = new HashMap<>();
    private final Map<String, ConnectionType> pendingTypes = new HashMap<>();
    private final Map<String, Long> lastAttempt = new HashMap<>();
    private long nextFeelerMillis;

    ConnectionManager(P2PConfig config, int defaultPort, AddressManager addrman, BanManager bans, PeerManager peers, Dialer dialer) {
        this.config = config;
        this.defaultPort = defaultPort;
        this.addrman = addrman;
        this.bans = bans;
        this.peers = peers;
        this.dialer = dialer;
        addedNodes.addAll(config.addNode());
        seedNodes.addAll(config.seedNode());
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
        java.util.Optional<InetSocketAddress> numeric = numeric(node);
        for (String added : addedNodes) {
            if (added.equals(node) || numeric.isPresent() && numeric.equals(numeric(added))) {
                throw new P2PException(P2PException.Kind.NODE_ALREADY_ADDED, "Error: Node already added");
            }
        }
        addedNodes.add(node);
        lastAttempt.remove(node);
    }

    void removeNode(String node) {
        if (!addedNodes.remove(node)) {
            throw new P2PException(P2PException.Kind.NODE_NOT_ADDED, "Error: Node could not be removed. It has not been added previously.");
        }
    }

    /**
     * addconnection (regtest): opens an outbound connection of {@code type} to {@code node} now. As
     * bitcoind's CConnman::AddConnection, false when the full-relay or block-relay-only slots are all used.
     */
    boolean addConnection(String node, ConnectionType type) {
        int max = switch (type) {
            case OUTBOUND_FULL_RELAY -> P2PConfig.MAX_OUTBOUND_FULL_RELAY;
            case BLOCK_RELAY_ONLY -> P2PConfig.MAX_BLOCK_RELAY_ONLY;
            default -> Integer.MAX_VALUE;
        };
        long count = peers.peers().stream().filter(p -> p.type() == type).count()
                + pendingTypes.values().stream().filter(t -> t == type).count();
        if (count >= max) return false;
        pendingTypes.put(node, type);
        dialNamed(node, type, peers.nowMillis());
        return true;
    }

    void oneTry(String node) {
        oneTry.add(node);
    }

    void tick() {
        if (!peers.networkActive()) return;
        long now = peers.nowMillis();
        while (!oneTry.isEmpty()) {
            String node = oneTry.poll();
            if (!isConnected(node)) dialNamed(node, ConnectionType.MANUAL, now);
        }
        for (String node : config.connect()) {
            if (!node.equals(NO_AUTOMATIC_CONNECTIONS)) maybeRedial(node, now);
        }
        for (String node : addedNodes) maybeRedial(node, now);
        // -connect (even -connect=0) turns automatic connections off, as in Core.
        if (!config.connect().isEmpty()) return;
        while (!seedNodes.isEmpty()) dialNamed(seedNodes.poll(), ConnectionType.ADDR_FETCH, now);
        openAutomatic(ConnectionType.OUTBOUND_FULL_RELAY, P2PConfig.MAX_OUTBOUND_FULL_RELAY);
        openAutomatic(ConnectionType.BLOCK_RELAY_ONLY, P2PConfig.MAX_BLOCK_RELAY_ONLY);
        // Core's feeler: with all full-relay slots in use, test one more address every two minutes so
        // that working addresses move to the tried table.
        long fullRelay = peers.peers().stream().filter(p -> p.type() == ConnectionType.OUTBOUND_FULL_RELAY).count();
        if (fullRelay >= P2PConfig.MAX_OUTBOUND_FULL_RELAY && now >= nextFeelerMillis) {
            nextFeelerMillis = now + FEELER_INTERVAL_MILLIS;
            openAutomatic(ConnectionType.FEELER, 1);
        }
    }

    private void maybeRedial(String node, long now) {
        if (isConnected(node)) return;
        Long last = lastAttempt.get(node);
        if (last != null && now - last < config.reconnectInterval().toMillis()) return;
        dialNamed(node, ConnectionType.MANUAL, now);
    }

    /** Connected or being dialled, under this name or (for IP literals) to the same address and port. */
    private boolean isConnected(String node) {
        if (pending.containsKey(node)) return true;
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

    private void dialNamed(String node, ConnectionType type, long now) {
        lastAttempt.put(node, now);
        InetSocketAddress address;
        try {
            address = parse(node, defaultPort);
        } catch (IllegalArgumentException e) {
            log.warn("Cannot connect to {}: {}", node, e.getMessage());
            return;
        }
        pending.put(node, addressKey(address));
        dialer.dial(node, address, type);
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
            dialer.dial(name, a, type);
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
        int port = defaultPort;
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
        if (host.isEmpty() || port <= 0 || port > 0xffff) throw new IllegalArgumentException("bad address " + node);
        return InetSocketAddress.createUnresolved(host, port);
    }
}
