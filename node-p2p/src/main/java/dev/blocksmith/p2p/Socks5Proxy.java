package dev.blocksmith.p2p;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A SOCKS5 proxy outbound connections go through (bitcoind's Proxy: -proxy, -onion, -i2psam's address). The
 * server is reached over TCP ({@link InetSocketAddress}) or, as bitcoind's {@code unix:<path>} values, over a Unix
 * domain socket ({@link UnixDomainSocketAddress}). With {@code randomizeCredentials} (bitcoind's
 * {@code -proxyrandomize}, default on) each connection authenticates with credentials of its own, which Tor takes
 * as a request for a separate circuit (stream isolation).
 */
public record Socks5Proxy(SocketAddress server, boolean randomizeCredentials) {
    /** Tor's SOCKS port, bitcoind's default when -proxy gives no port. */
    public static final int DEFAULT_PORT = 9050;
    /** bitcoind's prefix of option values that name a Unix domain socket (ADDR_PREFIX_UNIX). */
    public static final String UNIX_PREFIX = "unix:";
    /**
     * Longest path a Unix domain socket address holds on Linux: sockaddr_un's 108-byte sun_path less the
     * terminating NUL (bitcoind's IsUnixSocketPath refuses longer ones).
     */
    static final int MAX_UNIX_PATH_BYTES = 107;

    public Socks5Proxy {
        if (!(server instanceof InetSocketAddress || server instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("not a TCP or Unix domain socket address: " + server);
        }
    }

    /** Whether {@code value} is bitcoind's {@code unix:<path>} form with a path a socket address can hold. */
    public static boolean isUnixSocketPath(String value) {
        if (!value.startsWith(UNIX_PREFIX)) return false;
        return value.substring(UNIX_PREFIX.length()).getBytes(StandardCharsets.UTF_8).length <= MAX_UNIX_PATH_BYTES;
    }

    /**
     * Reads one proxy value as bitcoind's init does for -proxy and -onion: "0" or empty is none; a valid
     * {@code unix:<path>} names a Unix domain socket; anything else is [host]:port or host:port (port 9050 when
     * absent), an IP literal or a host name, which is resolved now as bitcoind's Lookup does.
     *
     * @param option the option's name for the error text ("proxy", "onion")
     * @throws IllegalArgumentException with bitcoind's "Invalid -<option> address or hostname: '...'"
     */
    public static Optional<Socks5Proxy> parse(String value, boolean randomizeCredentials, String option) {
        if (value.isEmpty() || value.equals("0")) return Optional.empty();
        if (isUnixSocketPath(value)) {
            return Optional.of(new Socks5Proxy(UnixDomainSocketAddress.of(Path.of(value.substring(UNIX_PREFIX.length()))),
                    randomizeCredentials));
        }
        return Optional.of(new Socks5Proxy(lookup(value, DEFAULT_PORT, option), randomizeCredentials));
    }

    /** As {@link #parse(String, boolean, String)} for -proxy. */
    public static Optional<Socks5Proxy> parse(String value, boolean randomizeCredentials) {
        return parse(value, randomizeCredentials, "proxy");
    }

    /**
     * bitcoind's Lookup of a service given as text: the host part must be an IP literal or a host name that
     * resolves; the port part must be 1-65535.
     *
     * @throws IllegalArgumentException with bitcoind's "Invalid -<option> address or hostname: '...'"
     */
    public static InetSocketAddress lookup(String value, int defaultPort, String option) {
        HostPort hp = HostPort.split(value).orElseThrow(() -> invalid(option, value));
        int port = hp.port().orElse(defaultPort);
        if (port == 0) throw invalid(option, value);
        String host = hp.host();
        if (!HostPort.isIpLiteral(host) && !HostPort.isHostName(host)) throw invalid(option, value);
        try {
            // An IP literal is parsed without any look-up; a name is resolved as bitcoind's Lookup does at start-up.
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw invalid(option, value);
        }
    }

    private static IllegalArgumentException invalid(String option, String value) {
        return new IllegalArgumentException("Invalid -" + option + " address or hostname: '" + value + "'");
    }

    /** Whether the proxy is reached over a Unix domain socket. */
    public boolean isUnixSocket() {
        return server instanceof UnixDomainSocketAddress;
    }

    /** bitcoind's CNetAddr::IsRoutable for IP addresses (loopback, private, link-local, documentation ranges are not). */
    static boolean routable(InetAddress a) {
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

    /** As getnetworkinfo's networks[].proxy shows it: "host:port", "[v6]:port", or "unix:<path>" (no port). */
    public String display() {
        if (server instanceof UnixDomainSocketAddress u) return UNIX_PREFIX + u.getPath();
        InetSocketAddress a = (InetSocketAddress) server;
        String h = a.getAddress() != null ? HostPort.ipText(a.getAddress()) : a.getHostString();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
