package dev.blocksmith.p2p.addr;

import java.net.InetSocketAddress;

/**
 * An address known to the address manager. {@code host} is an IP literal. Times are Unix seconds.
 * Also the JSON shape of one entry in peers.dat.
 */
public record KnownAddress(String host, int port, long services, long lastSeen, long lastTry, int attempts, boolean tried) {
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    public String key() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    KnownAddress withAttempt(long now) {
        return new KnownAddress(host, port, services, lastSeen, now, attempts + 1, tried);
    }

    KnownAddress asTried(long now, long newServices) {
        return new KnownAddress(host, port, newServices, now, now, 0, true);
    }

    KnownAddress asNew() {
        return new KnownAddress(host, port, services, lastSeen, lastTry, attempts, false);
    }
}
