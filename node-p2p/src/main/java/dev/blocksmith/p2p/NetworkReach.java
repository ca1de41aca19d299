package dev.blocksmith.p2p;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which networks the node reaches and through which proxy (bitcoind's g_reachable_nets, its per-network
 * proxies and its name proxy, as getnetworkinfo's "networks" shows them).
 *
 * @param reachable networks bitcoind would call reachable with this configuration
 * @param proxies the proxy configured per network
 * @param nameProxy the proxy host names are handed to unresolved (bitcoind's SetNameProxy: -proxy for all
 *                  networks or for IPv4/IPv6)
 */
public record NetworkReach(Set<Network> reachable, Map<Network, Socks5Proxy> proxies, Optional<Socks5Proxy> nameProxy) {
    public NetworkReach {
        reachable = Set.copyOf(reachable);
        proxies = Map.copyOf(proxies);
    }

    /** No proxy, no -onlynet: the IP networks only (no Tor proxy, I2P SAM or -cjdnsreachable). */
    public static NetworkReach defaults() {
        return configure(Set.of(), Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    /**
     * A single -proxy for every network (IPv4, IPv6, CJDNS, Tor and names), -onion overriding Tor's; -onlynet
     * limits the reachable networks; Tor is reachable only through a proxy, CJDNS only with -cjdnsreachable, I2P
     * only with a SAM bridge.
     *
     * @param onlyNet -onlynet's networks, empty when not given
     * @param onion -onion's proxy; present and empty for -onion=0 (no Tor at all); absent when not given
     */
    public static NetworkReach configure(Set<Network> onlyNet, Optional<Socks5Proxy> proxy, Optional<Optional<Socks5Proxy>> onion,
                                         boolean cjdnsReachable, Optional<Socks5Proxy> i2pSam) {
        Map<Network, Socks5Proxy> proxies = new EnumMap<>(Network.class);
        proxy.ifPresent(p -> {
            proxies.put(Network.IPV4, p);
            proxies.put(Network.IPV6, p);
            proxies.put(Network.CJDNS, p);
        });
        onion.orElse(proxy).ifPresent(p -> proxies.put(Network.ONION, p));
        i2pSam.ifPresent(p -> proxies.put(Network.I2P, p));
        return of(onlyNet, proxies, proxy, cjdnsReachable);
    }

    /**
     * bitcoind's reachability from its proxies: -onlynet's networks (all when not given), less Tor without a
     * Tor proxy, CJDNS without -cjdnsreachable and I2P without a SAM bridge.
     *
     * @param proxies the proxy of each network (I2P's is its SAM bridge)
     */
    public static NetworkReach of(Set<Network> onlyNet, Map<Network, Socks5Proxy> proxies, Optional<Socks5Proxy> nameProxy,
                                  boolean cjdnsReachable) {
        Set<Network> reachable = onlyNet.isEmpty() ? EnumSet.allOf(Network.class) : EnumSet.copyOf(onlyNet);
        if (!proxies.containsKey(Network.ONION)) reachable.remove(Network.ONION);
        if (!proxies.containsKey(Network.I2P)) reachable.remove(Network.I2P);
        if (!cjdnsReachable) reachable.remove(Network.CJDNS);
        return new NetworkReach(reachable, proxies, nameProxy);
    }

    /**
     * With Tor's own SOCKS port as the onion proxy, as bitcoind's Tor control sets it when -onion was not given
     * (onion addresses become reachable).
     */
    public NetworkReach withOnionProxy(Socks5Proxy proxy) {
        Set<Network> r = EnumSet.noneOf(Network.class);
        r.addAll(reachable);
        r.add(Network.ONION);
        Map<Network, Socks5Proxy> p = new EnumMap<>(Network.class);
        p.putAll(proxies);
        p.put(Network.ONION, proxy);
        return new NetworkReach(r, p, nameProxy);
    }

    public boolean isReachable(Network n) {
        return reachable.contains(n);
    }

    /** The networks outbound connections can be made to: the reachable ones (I2P through the SAM bridge's sessions). */
    public Set<Network> dialable() {
        return Set.copyOf(reachable);
    }

    public Optional<Socks5Proxy> proxy(Network n) {
        return Optional.ofNullable(proxies.get(n));
    }

    /** How an outbound connection to a host (IP literal, .onion, .i2p or DNS name) is made. */
    public sealed interface Route {
        /** Straight to the host (local addresses, networks without a proxy, names without a name proxy). */
        record Direct() implements Route {
        }

        /** Through this SOCKS5 proxy, which is given the host as text. */
        record ViaProxy(Socks5Proxy proxy) implements Route {
        }

        /** Not at all, for this reason (a Tor address without a Tor proxy, an I2P one). */
        record Unreachable(String reason) implements Route {
        }

        /** Refused before any connection is tried, with bitcoind's debug.log wording of the reason. */
        record Refused(String reason) implements Route {
        }

        /** Through the I2P SAM bridge (-i2psam), which opens a stream to the destination. */
        record ViaI2pSam(Socks5Proxy bridge) implements Route {
        }
    }

    /**
     * SAM 3.1 streams carry no port, and the bridge takes every destination port to be 0: bitcoind's
     * I2P_SAM31_PORT, the only port its i2p::sam::Session::Connect accepts.
     */
    public static final int I2P_SAM31_PORT = 0;

    /**
     * {@link #route(String)} for a host and port: an I2P destination goes through the SAM bridge when there is one,
     * and only to port 0 ({@link #I2P_SAM31_PORT}); any other port is refused as bitcoind refuses it, so that an
     * address gossiped with a made-up port cannot make the node open streams to arbitrary I2P services.
     */
    public Route route(String host, int port) {
        if (!host.toLowerCase(Locale.ROOT).endsWith(".i2p")) return route(host);
        Optional<Socks5Proxy> sam = proxy(Network.I2P);
        if (sam.isEmpty()) return route(host);
        if (port != I2P_SAM31_PORT) return new Route.Refused("connection refused due to arbitrary port " + port);
        return new Route.ViaI2pSam(sam.get());
    }

    /**
     * bitcoind's ConnectNode choice: an IP literal uses its network's proxy (none for a non-routable address, whose
     * network is "unroutable"; an fc00::/8 one is CJDNS with -cjdnsreachable); a .onion name needs the Tor proxy;
     * any other name goes to the name proxy unresolved, or is resolved and dialled directly without one.
     */
    public Route route(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".onion")) {
            return proxy(Network.ONION).<Route>map(Route.ViaProxy::new)
                    .orElse(new Route.Unreachable("Tor is not reachable (no -proxy or -onion)"));
        }
        if (h.endsWith(".i2p")) return new Route.Unreachable("I2P is not reachable (no -i2psam)");
        if (!HostPort.isIpLiteral(host)) {
            return nameProxy.<Route>map(Route.ViaProxy::new).orElse(new Route.Direct());
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(host); // a literal: no look-up
        } catch (UnknownHostException e) {
            return new Route.Direct();
        }
        byte[] b = ip.getAddress();
        Optional<Network> net;
        if (b.length == 16 && (b[0] & 0xff) == 0xfc && isReachable(Network.CJDNS)) {
            net = Optional.of(Network.CJDNS);
        } else if (!Socks5Proxy.routable(ip)) {
            net = Optional.empty();
        } else {
            net = Optional.of(b.length == 4 ? Network.IPV4 : Network.IPV6);
        }
        return net.flatMap(this::proxy).<Route>map(Route.ViaProxy::new).orElse(new Route.Direct());
    }
}
