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
    private final Set<String> pending = new HashSet<>();
    private final Map<String, Long> lastAttempt = new HashMap<>();

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
    }

    List<String> addedNodes() {
        return List.copyOf(addedNodes);
    }

    void addNode(String node) {
        if (addedNodes.contains(node)) throw new P2PException(P2PException.Kind.NODE_ALREADY_ADDED, "Error: Node already added");
        addedNodes.add(node);
        lastAttempt.remove(node);
    }

    void removeNode(String node) {
        if (!addedNodes.remove(node)) {
            throw new P2PException(P2PException.Kind.NODE_NOT_ADDED, "Error: Node could not be removed. It has not been added previously.");
        }
    }

    void oneTry(String node) {
        oneTry.add(node);
    }

    void tick() {
        long now = peers.nowMillis();
        while (!oneTry.isEmpty()) dialNamed(oneTry.poll(), ConnectionType.MANUAL, now);
        if (!config.connect().isEmpty()) {
            for (String node : config.connect()) maybeRedial(node, now);
            return;
        }
        for (String node : addedNodes) maybeRedial(node, now);
        while (!seedNodes.isEmpty()) dialNamed(seedNodes.poll(), ConnectionType.ADDR_FETCH, now);
        openAutomatic(ConnectionType.OUTBOUND_FULL_RELAY, P2PConfig.MAX_OUTBOUND_FULL_RELAY);
        openAutomatic(ConnectionType.BLOCK_RELAY_ONLY, P2PConfig.MAX_BLOCK_RELAY_ONLY);
    }

    private void maybeRedial(String node, long now) {
        if (isConnected(node) || pending.contains(node)) return;
        Long last = lastAttempt.get(node);
        if (last != null && now - last < config.reconnectInterval().toMillis()) return;
        dialNamed(node, ConnectionType.MANUAL, now);
    }

    private boolean isConnected(String node) {
        for (Peer p : peers.peers()) {
            if (p.target().equals(node)) return true;
        }
        return false;
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
        pending.add(node);
        dialer.dial(node, address, type);
    }

    private void openAutomatic(ConnectionType type, int target) {
        long count = peers.peers().stream().filter(p -> p.type() == type).count()
                + pending.stream().filter(s -> s.startsWith(type.rpcName() + "|")).count();
        if (count >= target || peers.peers().size() + pending.size() >= config.maxConnections()) return;
        Set<String> connected = new HashSet<>();
        for (Peer p : peers.peers()) connected.add(p.remote().getAddress().getHostAddress() + ":" + p.remote().getPort());
        for (int attempt = 0; attempt < 10; attempt++) {
            var pick = addrman.select();
            if (pick.isEmpty()) return;
            KnownAddress k = pick.get();
            InetSocketAddress a = k.socketAddress();
            InetAddress ip = a.getAddress();
            if (connected.contains(k.host() + ":" + k.port()) || bans.isBanned(ip) || bans.isDiscouraged(ip)) continue;
            String key = type.rpcName() + "|" + k.key();
            if (pending.contains(key)) continue;
            addrman.markAttempt(a);
            pending.add(key);
            dialer.dial(key, a, type);
            return;
        }
    }

    /** Parses "host", "host:port", "[v6]" or "[v6]:port" without resolving names. */
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
