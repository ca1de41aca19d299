package dev.blocksmith.p2p;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * bitcoind's {@code -proxy}: every outbound peer connection goes through this SOCKS5 proxy, host names
 * included (they are resolved by the proxy, never locally). With {@code randomizeCredentials}
 * (bitcoind's {@code -proxyrandomize}, default on) each connection authenticates with fresh random
 * credentials, which Tor takes as a request for a separate circuit (stream isolation).
 */
public record Socks5Proxy(InetSocketAddress address, boolean randomizeCredentials) {
    /** Tor's SOCKS port, bitcoind's default when -proxy gives no port. */
    public static final int DEFAULT_PORT = 9050;

    /**
     * Parses bitcoind's {@code -proxy=<ip:port>} value; "0" (and an empty value) means no proxy.
     *
     * @throws IllegalArgumentException with bitcoind's "Invalid -proxy address or hostname: '...'"
     */
    public static Optional<Socks5Proxy> parse(String value, boolean randomizeCredentials) {
        if (value == null || value.isEmpty() || value.equals("0")) return Optional.empty();
        String host = value;
        int port = DEFAULT_PORT;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) throw invalid(value);
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw invalid(value);
                port = port(rest.substring(1), value);
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            int colon = value.indexOf(':');
            host = value.substring(0, colon);
            port = port(value.substring(colon + 1), value);
        }
        if (host.isEmpty() || host.startsWith("unix:")) throw invalid(value);
        return Optional.of(new Socks5Proxy(InetSocketAddress.createUnresolved(host, port), randomizeCredentials));
    }

    private static int port(String s, String value) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) throw invalid(value);
            return p;
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("Invalid -proxy address or hostname: '" + value + "'");
    }

    /**
     * Whether a connection to this peer goes through the proxy. As bitcoind (whose proxies are set per
     * network, and a non-routable address is of no network), local and private addresses are reached
     * directly; names are always left to the proxy.
     */
    public boolean carries(InetSocketAddress peer) {
        if (peer.isUnresolved()) {
            String h = peer.getHostString();
            if (!h.matches("[0-9.]+") && !h.contains(":")) return true;
            try {
                return routable(java.net.InetAddress.getByName(h)); // an IP literal: no name lookup
            } catch (java.net.UnknownHostException e) {
                return true;
            }
        }
        return routable(peer.getAddress());
    }

    /** bitcoind's CNetAddr::IsRoutable for IP addresses (loopback, private, link-local, documentation ranges are not). */
    static boolean routable(java.net.InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            int b2 = b[2] & 0xff;
            if (b0 == 0) return false;
            if (b0 == 100 && (b1 & 0xc0) == 64) return false; // RFC6598 shared address space
            if (b0 == 198 && (b1 & 0xfe) == 18) return false; // RFC2544 benchmarking
            if (b0 == 192 && b1 == 0 && b2 == 2 || b0 == 198 && b1 == 51 && b2 == 100 || b0 == 203 && b1 == 0 && b2 == 113) {
                return false; // RFC5737 documentation
            }
            return true;
        }
        int b0 = b[0] & 0xff;
        if ((b0 & 0xfe) == 0xfc) return false; // RFC4193 unique local
        if (b0 == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) return false; // RFC3849
        return true;
    }

    /** "host:port" as getnetworkinfo's networks[].proxy shows it. */
    public String display() {
        String h = address.getHostString();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + address.getPort();
    }
}
