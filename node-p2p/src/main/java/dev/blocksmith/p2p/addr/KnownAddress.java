package dev.blocksmith.p2p.addr;

import dev.blocksmith.p2p.Network;

import java.net.InetSocketAddress;

/**
 * An address known to the address manager: {@code host} as bitcoind prints it (an IP literal, or a
 * ".onion" / ".b32.i2p" name) in {@code network}. Times are Unix seconds. Also the JSON shape of one entry
 * in peers.dat (entries of files written before the network was recorded are IPv4 or IPv6).
 */
public record KnownAddress(String host, int port, long services, long lastSeen, long lastTry, int attempts, boolean tried,
                           Network network) {
    public KnownAddress {
        if (network == null) network = host.contains(":") ? Network.IPV6 : Network.IPV4;
    }

    static KnownAddress of(NetAddr addr, int port, long services, long lastSeen) {
        return new KnownAddress(addr.host(), port, services, lastSeen, 0, 0, false, addr.network());
    }

    /** The address itself. */
    public NetAddr netAddr() {
        return NetAddr.parse(host, network == Network.CJDNS).filter(a -> a.network() == network)
                .orElseThrow(() -> new IllegalStateException("not a " + network.rpcName() + " address: " + host));
    }

    /**
     * Where to connect: an IP socket address, or for Tor and I2P an unresolved name that only a proxy can
     * reach.
     */
    public InetSocketAddress socketAddress() {
        return netAddr().inetAddress().map(ip -> new InetSocketAddress(ip, port))
                .orElseGet(() -> InetSocketAddress.createUnresolved(host, port));
    }

    /** "host:port", IPv6 and CJDNS hosts in brackets: the address manager's identity of an entry. */
    public String key() {
        return keyOf(netAddr(), port);
    }

    static String keyOf(NetAddr addr, int port) {
        String h = addr.host();
        return h.contains(":") ? "[" + h + "]:" + port : h + ":" + port;
    }

    KnownAddress withAttempt(long now) {
        return new KnownAddress(host, port, services, lastSeen, now, attempts + 1, tried, network);
    }

    KnownAddress asTried(long now, long newServices) {
        return new KnownAddress(host, port, newServices, now, now, 0, true, network);
    }

    KnownAddress asNew() {
        return new KnownAddress(host, port, services, lastSeen, lastTry, attempts, false, network);
    }
}
