package dev.blocksmith.cli.options;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.p2p.HostPort;
import dev.blocksmith.p2p.Network;
import dev.blocksmith.p2p.NetworkReach;
import dev.blocksmith.p2p.Socks5Proxy;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * bitcoind's proxy and reachability set-up from -proxy, -onion, -i2psam, -onlynet, -cjdnsreachable and
 * -listenonion, with its start-up errors (the port checks of CheckHostPortOptions, then AppInitMain's).
 */
final class ProxySetup {
    /** The I2P SAM bridge's usual port, bitcoind's default for -i2psam. */
    private static final int DEFAULT_I2P_SAM_PORT = 7656;

    private ProxySetup() {
    }

    /**
     * bitcoind's CheckHostPortOptions for the proxy options: a value whose port part is not a port is refused,
     * except a {@code unix:} path where a Unix domain socket is allowed (-proxy, -onion). A -proxy value's
     * "=network" suffix is not part of its address.
     */
    static void checkPorts(List<String> proxy, Optional<String> onion, Optional<String> i2psam) throws ConfigException {
        for (String v : proxy) {
            int eq = v.lastIndexOf('=');
            checkPort("proxy", eq < 0 ? v : v.substring(0, eq), v, true);
        }
        if (onion.isPresent()) checkPort("onion", onion.get(), onion.get(), true);
        if (i2psam.isPresent()) checkPort("i2psam", i2psam.get(), i2psam.get(), false);
    }

    private static void checkPort(String option, String address, String value, boolean unixAllowed) throws ConfigException {
        if (HostPort.split(address).isPresent()) return;
        if (unixAllowed && address.startsWith(Socks5Proxy.UNIX_PREFIX)) return;
        throw new ConfigException("Invalid port specified in -" + option + ": '" + value + "'");
    }

    /** bitcoind's InitParameterInteraction test for "-proxy set": the last -proxy value is neither empty nor "0". */
    static boolean proxyGiven(List<String> proxy) {
        if (proxy.isEmpty()) return false;
        String last = proxy.get(proxy.size() - 1);
        return !last.isEmpty() && !last.equals("0");
    }

    /**
     * The reachable networks and their proxies, as bitcoind's AppInitMain sets them: each -proxy value
     * ({@code <addr>} for all networks, {@code <addr>=ipv4|ipv6|onion|tor|cjdns} for one; "0" removes) assigns
     * proxies in order, an IPv4 or IPv6 one also being the proxy for names; -onion overrides Tor's (0: none);
     * -i2psam is I2P's SAM bridge.
     *
     * @param listenOnion -listenonion as given, empty when not (bitcoind's default is on)
     */
    static NetworkReach reach(List<String> proxyValues, boolean randomize, Optional<String> onionArg, Optional<String> i2psamArg,
                              Set<Network> onlyNet, boolean cjdnsReachable, Optional<Boolean> listenOnion) throws ConfigException {
        if (onlyNet.contains(Network.CJDNS) && !cjdnsReachable) {
            throw new ConfigException("Outbound connections restricted to CJDNS (-onlynet=cjdns) but -cjdnsreachable is not provided");
        }
        Optional<Socks5Proxy> ipv4 = Optional.empty();
        Optional<Socks5Proxy> ipv6 = Optional.empty();
        Optional<Socks5Proxy> onion = Optional.empty();
        Optional<Socks5Proxy> name = Optional.empty();
        Optional<Socks5Proxy> cjdns = Optional.empty();
        for (String value : proxyValues) {
            int eq = value.lastIndexOf('=');
            String address = eq < 0 ? value : value.substring(0, eq);
            String net = "";
            if (eq >= 0) {
                if (eq + 1 == value.length()) {
                    throw new ConfigException("Invalid -proxy address or hostname, ends with '=': '" + value + "'");
                }
                net = value.substring(eq + 1).toLowerCase(Locale.ROOT);
            }
            Optional<Socks5Proxy> proxy;
            try {
                proxy = Socks5Proxy.parse(address, randomize, "proxy");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            switch (net) {
                case "" -> {
                    ipv4 = proxy;
                    ipv6 = proxy;
                    name = proxy;
                    cjdns = proxy;
                    onion = proxy;
                }
                case "ipv4" -> {
                    ipv4 = proxy;
                    name = proxy;
                }
                case "ipv6" -> {
                    ipv6 = proxy;
                    name = proxy;
                }
                case "tor", "onion" -> onion = proxy;
                case "cjdns" -> cjdns = proxy;
                default -> throw new ConfigException("Unrecognized network in -proxy='" + value + "': '" + net + "'");
            }
        }
        boolean onlyNetWithOnion = !onlyNet.isEmpty() && onlyNet.contains(Network.ONION);
        // -onion overrides the Tor proxy; "0" (and -noonion) forbids Tor; empty leaves -proxy's.
        String onionValue = onionArg.orElse("");
        if (onionValue.equals("0")) {
            onion = Optional.empty();
            if (onlyNetWithOnion) {
                throw new ConfigException("Outbound connections restricted to Tor (-onlynet=onion) but the proxy for reaching the Tor "
                        + "network is explicitly forbidden: -onion=0");
            }
        } else if (!onionValue.isEmpty()) {
            try {
                onion = Socks5Proxy.parse(onionValue, randomize, "onion");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        if (onion.isEmpty() && onlyNetWithOnion && !listenOnion.orElse(true)) {
            // With -listenonion bitcoind may still learn the Tor proxy from the Tor control port.
            throw new ConfigException("Outbound connections restricted to Tor (-onlynet=onion) but the proxy for reaching the Tor "
                    + "network is not provided: none of -proxy, -onion or -listenonion is given");
        }
        Optional<Socks5Proxy> sam = Optional.empty();
        String samValue = i2psamArg.orElse("");
        if (!samValue.isEmpty()) {
            try {
                sam = Optional.of(new Socks5Proxy(Socks5Proxy.lookup(samValue, DEFAULT_I2P_SAM_PORT, "i2psam"), false));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        } else if (onlyNet.contains(Network.I2P)) {
            throw new ConfigException("Outbound connections restricted to i2p (-onlynet=i2p) but -i2psam is not provided");
        }
        Map<Network, Socks5Proxy> proxies = new EnumMap<>(Network.class);
        ipv4.ifPresent(p -> proxies.put(Network.IPV4, p));
        ipv6.ifPresent(p -> proxies.put(Network.IPV6, p));
        cjdns.ifPresent(p -> proxies.put(Network.CJDNS, p));
        onion.ifPresent(p -> proxies.put(Network.ONION, p));
        sam.ifPresent(p -> proxies.put(Network.I2P, p));
        return NetworkReach.of(onlyNet, proxies, name, cjdnsReachable);
    }
}
