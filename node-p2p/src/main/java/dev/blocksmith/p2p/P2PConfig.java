package dev.blocksmith.p2p;

import dev.blocksmith.p2p.peer.BanManager;
import dev.blocksmith.p2p.peer.NetWhitebindPermissions;
import dev.blocksmith.p2p.peer.NetWhitelistPermissions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Network options, named after bitcoind's: -connect, -addnode, -seednode, -maxconnections, -listen, -bind,
 * -port, -externalip, -dnsseed, -forcednsseed, -fixedseeds, -peertimeout ({@code handshakeTimeout}: the time a new connection gets before
 * any inactivity check applies), -whitelist, -whitebind, -whitelistrelay, -whitelistforcerelay, -uacomment.
 * {@code dataDir} is the network's data directory (peers.json, banlist.json); empty keeps everything in
 * memory. Port 0 listens on an ephemeral port (tests).
 */
public record P2PConfig(
        Optional<Path> dataDir,
        boolean listen,
        String bind,
        int port,
        List<String> connect,
        List<String> addNode,
        List<String> seedNode,
        List<String> externalIp,
        int maxConnections,
        boolean dnsSeed,
        Duration handshakeTimeout,
        Duration pingInterval,
        Duration pingTimeout,
        Duration blockDownloadTimeout,
        Duration reconnectInterval,
        boolean discourageLocalPeers,
        List<NetWhitelistPermissions> whitelist,
        List<NetWhitebindPermissions> whitebind,
        boolean whitelistRelay,
        boolean whitelistForceRelay,
        List<String> userAgentComments,
        Duration banTime,
        boolean fixedSeeds,
        boolean forceDnsSeed) {

    /** Core's DEFAULT_MAX_PEER_CONNECTIONS. */
    public static final int DEFAULT_MAX_CONNECTIONS = 125;
    /** Core's MAX_OUTBOUND_FULL_RELAY_CONNECTIONS and MAX_BLOCK_RELAY_ONLY_CONNECTIONS. */
    public static final int MAX_OUTBOUND_FULL_RELAY = 8;
    public static final int MAX_BLOCK_RELAY_ONLY = 2;

    public P2PConfig {
        connect = List.copyOf(connect);
        addNode = List.copyOf(addNode);
        seedNode = List.copyOf(seedNode);
        externalIp = List.copyOf(externalIp);
        whitelist = List.copyOf(whitelist);
        whitebind = List.copyOf(whitebind);
        userAgentComments = List.copyOf(userAgentComments);
    }

    /** Defaults as bitcoind: listen on all interfaces at {@code port}, 125 connections, DNS seeds on. */
    public static P2PConfig defaults(int port) {
        return new P2PConfig(Optional.empty(), true, "0.0.0.0", port, List.of(), List.of(), List.of(), List.of(),
                DEFAULT_MAX_CONNECTIONS, true, Duration.ofSeconds(60), Duration.ofMinutes(2), Duration.ofMinutes(20),
                Duration.ofMinutes(10), Duration.ofSeconds(60), false, List.of(), List.of(), true, false, List.of(), Duration.ofSeconds(BanManager.DEFAULT_BAN_SECONDS), true, false);
    }

    public P2PConfig withDataDir(Path dir) {
        return new P2PConfig(Optional.of(dir), listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withBind(String host, int newPort) {
        return new P2PConfig(dataDir, listen, host, newPort, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withListen(boolean v) {
        return new P2PConfig(dataDir, v, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withConnect(List<String> v) {
        return new P2PConfig(dataDir, listen, bind, port, v, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withAddNode(List<String> v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, v, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withSeedNode(List<String> v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, v, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withExternalIp(List<String> v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, v, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withMaxConnections(int v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, v, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withDnsSeed(boolean v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, v, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    public P2PConfig withTimeouts(Duration handshake, Duration pingEvery, Duration pingDeadline, Duration blockDownload, Duration reconnect) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshake, pingEvery, pingDeadline, blockDownload, reconnect, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    /** bitcoind's -peertimeout (default 60 s): grace period of a new connection before inactivity checks. */
    public P2PConfig withPeerTimeout(Duration v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, v, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    /**
     * Core never discourages local peers (it only disconnects them); tests on 127.0.0.1 turn this on to
     * observe discouragement.
     */
    public P2PConfig withDiscourageLocalPeers(boolean v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, v, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    /** -whitelist entries (parse each with {@link NetWhitelistPermissions#parse}). */
    public P2PConfig withWhitelist(List<NetWhitelistPermissions> v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, v, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    /** -whitebind entries (parse each with {@link NetWhitebindPermissions#parse}); each is also listened on. */
    public P2PConfig withWhitebind(List<NetWhitebindPermissions> v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, v, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    /** -whitelistrelay (default on) and -whitelistforcerelay (default off): what implicit whitelist entries grant. */
    public P2PConfig withWhitelistRelay(boolean relay, boolean forceRelay) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, relay, forceRelay, userAgentComments, banTime, fixedSeeds, forceDnsSeed);
    }

    /** -uacomment values (check them with {@link UserAgent#format}). */
    public P2PConfig withUserAgentComments(List<String> v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, v, banTime, fixedSeeds, forceDnsSeed);
    }

    /** bitcoind's -bantime: how long setban bans without an explicit time (default 24 hours). */
    public P2PConfig withBanTime(Duration v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, v, fixedSeeds, forceDnsSeed);
    }

    /** bitcoind's -fixedseeds (default on): the fixed seed fallback when the address manager stays empty. */
    public P2PConfig withFixedSeeds(boolean v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, v, forceDnsSeed);
    }

    /** bitcoind's -forcednsseed (default off): ask the DNS seeds at start even when addresses are known. */
    public P2PConfig withForceDnsSeed(boolean v) {
        return new P2PConfig(dataDir, listen, bind, port, connect, addNode, seedNode, externalIp, maxConnections, dnsSeed, handshakeTimeout, pingInterval, pingTimeout, blockDownloadTimeout, reconnectInterval, discourageLocalPeers, whitelist, whitebind, whitelistRelay, whitelistForceRelay, userAgentComments, banTime, fixedSeeds, v);
    }

    /** The BIP14 user agent we announce, with the -uacomment values. */
    public String userAgent() {
        return UserAgent.formatUnchecked(userAgentComments);
    }
}
