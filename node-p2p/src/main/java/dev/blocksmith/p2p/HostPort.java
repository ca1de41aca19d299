package dev.blocksmith.p2p;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A "host", "host:port" or "[host]:port" option value split as bitcoind's SplitHostPort does: the last colon
 * separates the port when it follows a bracketed host or is the only colon; a bare IPv6 literal has no port.
 *
 * @param host the host part, without brackets
 * @param port the port, when the value gives one
 */
public record HostPort(String host, OptionalInt port) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    /**
     * Splits a value; empty when it has a port part that is not a number from 1 to 65535 (bitcoind's
     * SplitHostPort returning false, which init reports as "Invalid port specified in -option: '...'").
     */
    public static Optional<HostPort> split(String value) {
        int colon = value.lastIndexOf(':');
        String host = value;
        OptionalInt port = OptionalInt.empty();
        if (colon >= 0) {
            boolean bracketed = value.startsWith("[") && colon > 0 && value.charAt(colon - 1) == ']';
            boolean multiColon = colon > 0 && value.lastIndexOf(':', colon - 1) >= 0;
            if (colon == 0 || bracketed || !multiColon) {
                int p = parsePort(value.substring(colon + 1));
                if (p <= 0) return Optional.empty();
                host = value.substring(0, colon);
                port = OptionalInt.of(p);
            }
        }
        if (host.length() >= 2 && host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return Optional.of(new HostPort(host, port));
    }

    /** A decimal port, or -1 when the text is not one (ParseUInt16: digits only, at most 65535). */
    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) return -1;
        int p = Integer.parseInt(s);
        return p > 65535 ? -1 : p;
    }

    /** Whether the text is an IPv4 or IPv6 literal (so reading it needs no name look-up). */
    public static boolean isIpLiteral(String host) {
        var m = IPV4.matcher(host);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) if (Integer.parseInt(m.group(i)) > 255) return false;
            return true;
        }
        if (!host.contains(":") || !IPV6.matcher(host).matches()) return false;
        try {
            return InetAddress.getByName(host) instanceof Inet6Address; // a literal: parsed, never looked up
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Whether the text is a syntactically valid DNS name (non-empty labels of letters, digits, '-' and '_'). */
    public static boolean isHostName(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty() || h.length() > 253) return false;
        for (String label : h.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) return false;
        }
        return true;
    }

    /** An IP address as bitcoind writes it: dotted IPv4, or IPv6 compressed as RFC 5952 says. */
    public static String ipText(InetAddress a) {
        return a instanceof Inet6Address ? dev.blocksmith.p2p.addr.NetAddr.compressedIpv6(a.getAddress()) : a.getHostAddress();
    }
}
