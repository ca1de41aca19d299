package dev.blocksmith.cli.bitcoincli;

import java.util.Optional;

/**
 * Where bitcoin-cli connects: -rpcconnect's host with an optional port, -rpcport, the network's default port.
 * Port preference is bitcoind's: -rpcport, then the port in -rpcconnect, then the network's.
 *
 * @param warning bitcoin-cli's warning when both -rpcconnect and -rpcport name a port
 */
public record RpcEndpoint(String host, int port, Optional<String> warning) {

    /**
     * @throws IllegalArgumentException "Invalid port provided in -rpcconnect: ..." / "-rpcport: ..." with the
     *                                  raw value, as bitcoin-cli prints them
     */
    public static RpcEndpoint resolve(String rpcconnect, Optional<String> rpcport, int networkPort) {
        HostPort hp = split(rpcconnect)
                .orElseThrow(() -> new IllegalArgumentException("Invalid port provided in -rpcconnect: " + rpcconnect));
        int port = hp.port() != 0 ? hp.port() : networkPort;
        Optional<String> warning = Optional.empty();
        if (rpcport.isPresent()) {
            int p = parsePort(rpcport.get());
            if (p == 0) throw new IllegalArgumentException("Invalid port provided in -rpcport: " + rpcport.get());
            port = p;
            if (hp.port() != 0) warning = Optional.of("Warning: Port specified in both -rpcconnect and -rpcport. Using -rpcport " + p);
        }
        return new RpcEndpoint(hp.host(), port, warning);
    }

    /** A host and a port, 0 when none was written. */
    record HostPort(String host, int port) {
    }

    /**
     * bitcoind's SplitHostPort: the last colon separates a port when it follows "[...]" or is the only colon;
     * an unparsable or zero port makes the whole value invalid; brackets around the host are removed.
     */
    static Optional<HostPort> split(String in) {
        int colon = in.lastIndexOf(':');
        boolean haveColon = colon >= 0;
        boolean bracketed = haveColon && colon > 0 && in.charAt(0) == '[' && in.charAt(colon - 1) == ']';
        boolean multiColon = haveColon && colon != 0 && in.lastIndexOf(':', colon - 1) >= 0;
        boolean valid = false;
        int port = 0;
        String rest = in;
        if (haveColon && (colon == 0 || bracketed || !multiColon)) {
            int p = parsePort(in.substring(colon + 1));
            if (p > 0 || in.substring(colon + 1).matches("0+")) {
                rest = in.substring(0, colon);
                port = p;
                valid = p != 0;
            }
        } else {
            valid = true;
        }
        if (!valid) return Optional.empty();
        String host = rest.length() >= 2 && rest.startsWith("[") && rest.endsWith("]") ? rest.substring(1, rest.length() - 1) : rest;
        return Optional.of(new HostPort(host, port));
    }

    /** A decimal 16-bit port; 0 for anything else (bitcoind's ToIntegral<uint16_t>, which takes no sign). */
    static int parsePort(String s) {
        if (!s.matches("[0-9]{1,5}")) return 0;
        int v = Integer.parseInt(s);
        return v <= 65535 ? v : 0;
    }
}
