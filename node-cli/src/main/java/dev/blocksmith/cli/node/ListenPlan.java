package dev.blocksmith.cli.node;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.p2p.ListenAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the node listens, from -bind, -whitebind and -port as bitcoind's AppInitMain decides it: each plain -bind
 * (port defaults to -port), each {@code -bind=addr=onion} (port defaults to -port + 1), and when neither -bind nor
 * -whitebind is given, every interface ({@code [::]} and {@code 0.0.0.0} on -port). Without an onion bind and without
 * a plain one, bitcoind also listens on 127.0.0.1:port+1 as the Tor onion-service target. -whitebind addresses are
 * listened on separately (with their permissions) but count for the duplicate check.
 */
public final class ListenPlan {
    private static final String ONION_SUFFIX = "=onion";

    private ListenPlan() {
    }

    public static List<ListenAddress> of(List<String> binds, List<InetSocketAddress> whitebinds, int port) throws ConfigException {
        List<ListenAddress> plain = new ArrayList<>();
        List<ListenAddress> onion = new ArrayList<>();
        for (String b : binds) {
            if (b.endsWith(ONION_SUFFIX)) {
                onion.add(new ListenAddress(parse(b.substring(0, b.length() - ONION_SUFFIX.length()), port + 1, b), true, false));
            } else {
                plain.add(ListenAddress.plain(parse(b, port, b)));
            }
        }
        boolean bindOnAny = binds.isEmpty() && whitebinds.isEmpty();
        if (onion.isEmpty() && plain.isEmpty()) {
            onion.add(new ListenAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1), true, false));
        }
        Set<InetSocketAddress> seen = new HashSet<>();
        List<InetSocketAddress> all = new ArrayList<>();
        for (ListenAddress a : plain) all.add(a.address());
        all.addAll(whitebinds);
        for (ListenAddress a : onion) all.add(a.address());
        for (InetSocketAddress a : all) {
            if (!seen.add(a)) {
                throw new ConfigException("Duplicate binding configuration for address " + ListenAddress.addrPort(a)
                        + ". Please check your -bind, -bind=...=onion and -whitebind settings.");
            }
        }
        List<ListenAddress> out = new ArrayList<>(plain);
        out.addAll(onion);
        if (bindOnAny) {
            // IPv4 first: Java cannot set IPV6_V6ONLY, so where [::] is dual-stack it cannot bind beside 0.0.0.0 and the
            // IPv4 socket is the one kept (bitcoind binds both with IPV6_V6ONLY set).
            out.add(new ListenAddress(new InetSocketAddress(any("0.0.0.0"), port), false, true));
            out.add(new ListenAddress(new InetSocketAddress(any("::"), port), false, true));
        }
        return List.copyOf(out);
    }

    /** A numeric host with an optional port ([v6]:port, v4:port, host); bitcoind does no name lookup here. */
    static InetSocketAddress parse(String value, int defaultPort, String shown) throws ConfigException {
        String host = value;
        int p = defaultPort;
        try {
            if (value.startsWith("[")) {
                int close = value.indexOf(']');
                if (close < 0) throw unresolvable(shown);
                host = value.substring(1, close);
                if (close + 1 < value.length()) {
                    if (value.charAt(close + 1) != ':') throw unresolvable(shown);
                    p = Integer.parseInt(value.substring(close + 2));
                }
            } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
                host = value.substring(0, value.indexOf(':'));
                p = Integer.parseInt(value.substring(value.indexOf(':') + 1));
            }
        } catch (NumberFormatException e) {
            throw unresolvable(shown);
        }
        if (host.isEmpty() || p < 0 || p > 65535 || !numeric(host)) throw unresolvable(shown);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw unresolvable(shown);
        }
    }

    private static boolean numeric(String host) {
        return host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3 || host.contains(":") && host.matches("[0-9a-fA-F:.]+");
    }

    private static ConfigException unresolvable(String value) {
        return new ConfigException("Cannot resolve -bind address: '" + value + "'");
    }

    private static InetAddress any(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
