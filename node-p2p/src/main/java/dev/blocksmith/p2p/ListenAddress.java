package dev.blocksmith.p2p;

import java.net.InetSocketAddress;

/**
 * One address the node listens on for P2P connections, as bitcoind's -bind values make them (CConnman's
 * InitBinds): a plain bind, a Tor onion-service target ({@code -bind=addr=onion}, and by default
 * 127.0.0.1:port+1), or one of the wildcard addresses used when neither -bind nor -whitebind is given.
 *
 * @param address  where to listen
 * @param onion    whether peers arriving here come through a Tor onion service
 * @param wildcard a bind-on-any address: failing to bind it is not an error while another wildcard binds
 */
public record ListenAddress(InetSocketAddress address, boolean onion, boolean wildcard) {
    public static ListenAddress plain(InetSocketAddress address) {
        return new ListenAddress(address, false, false);
    }

    /** bitcoind's text for an address and port: 0.0.0.0:8333, [::]:8333, [2001:db8::1]:8333. */
    public static String addrPort(InetSocketAddress a) {
        java.net.InetAddress ip = a.getAddress();
        if (ip instanceof java.net.Inet6Address v6) return "[" + dev.blocksmith.p2p.addr.NetAddr.compressedIpv6(v6.getAddress()) + "]:" + a.getPort();
        return (ip != null ? ip.getHostAddress() : a.getHostString()) + ":" + a.getPort();
    }
}
