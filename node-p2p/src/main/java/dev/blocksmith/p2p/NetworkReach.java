package dev.blocksmith.p2p;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which networks the node reaches and through which proxy (bitcoind's g_reachable_nets and per-network
 * proxies, as getnetworkinfo's "networks" shows them). Built from the configuration by {@link #configure}.
 *
 * @param reachable networks outbound connections may go to
 * @param proxies the proxy configured per network
 */
public record NetworkReach(Set<Network> reachable, Map<Network, Socks5Proxy> proxies) {
    public NetworkReach {
        reachable = Set.copyOf(reachable);
        proxies = Map.copyOf(proxies);
    }

    /** No proxy, no -onlynet: the IP networks only (no Tor proxy, I2P SAM or -cjdnsreachable). */
    public static NetworkReach defaults() {
        return configure(Set.of(), Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    /**
     * bitcoind's network set-up in AppInitMain: -onlynet limits the reachable networks; -proxy serves
     * IPv4, IPv6, CJDNS and (unless -onion says otherwise) Tor; Tor is reachable only through a proxy,
     * CJDNS only with -cjdnsreachable. I2P needs a SAM session, which Blocksmith does not implement: a
     * configured -i2psam is shown as that network's proxy, but I2P is never reported reachable.
     *
     * @param onlyNet -onlynet's networks, empty when not given
     * @param onion -onion's proxy; present and empty for -onion=0 (no Tor at all); absent when not given
     */
    public static NetworkReach configure(Set<Network> onlyNet, Optional<Socks5Proxy> proxy, Optional<Optional<Socks5Proxy>> onion,
                                         boolean cjdnsReachable, Optional<Socks5Proxy> i2pSam) {
        Set<Network> reachable = onlyNet.isEmpty() ? EnumSet.allOf(Network.class) : EnumSet.copyOf(onlyNet);
        Map<Network, Socks5Proxy> proxies = new EnumMap<>(Network.class);
        proxy.ifPresent(p -> {
            proxies.put(Network.IPV4, p);
            proxies.put(Network.IPV6, p);
            proxies.put(Network.CJDNS, p);
        });
        Optional<Socks5Proxy> onionProxy = onion.orElse(proxy);
        onionProxy.ifPresentOrElse(p -> proxies.put(Network.ONION, p), () -> reachable.remove(Network.ONION));
        if (!cjdnsReachable) reachable.remove(Network.CJDNS);
        i2pSam.ifPresent(p -> proxies.put(Network.I2P, p));
        reachable.remove(Network.I2P);
        return new NetworkReach(reachable, proxies);
    }

    public boolean isReachable(Network n) {
        return reachable.contains(n);
    }

    public Optional<Socks5Proxy> proxy(Network n) {
        return Optional.ofNullable(proxies.get(n));
    }
}
