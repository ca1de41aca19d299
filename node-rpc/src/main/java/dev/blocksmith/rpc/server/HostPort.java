package dev.blocksmith.rpc.server;

import java.net.InetSocketAddress;

/** "host", "host:port", "[v6]" and "[v6]:port" as bitcoind's SplitHostPort reads them. */
public final class HostPort {
    private HostPort() {}

    /**
     * @throws IllegalArgumentException for a malformed or out-of-range port
     */
    public static InetSocketAddress parse(String value, int defaultPort) {
        String host = value;
        int port = defaultPort;
        int colon = value.lastIndexOf(':');
        boolean bracketed = value.startsWith("[");
        boolean hasPort = colon > 0 && (bracketed ? value.indexOf(']') == colon - 1
                : value.indexOf(':') == colon);
        if (hasPort) {
            String portText = value.substring(colon + 1);
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid port specified in " + value + ": '" + portText + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Invalid port specified in " + value + ": '" + portText + "'");
            }
            host = value.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, port);
    }
}
