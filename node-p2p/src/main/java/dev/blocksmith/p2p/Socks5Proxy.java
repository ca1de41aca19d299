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

    /** "host:port" as getnetworkinfo's networks[].proxy shows it. */
    public String display() {
        String h = address.getHostString();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + address.getPort();
    }
}
