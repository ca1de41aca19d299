package dev.blocksmith.rpc.methods.network;

import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import java.util.List;

/** Shared shape of the network-category methods: they read or steer the {@link P2PNetwork}. */
abstract class NetworkMethod implements RpcMethod {
    protected final P2PNetwork network;
    private final String name;
    private final String description;
    private final String resultHelp;
    private final List<RpcParamSpec> params;

    NetworkMethod(P2PNetwork network, String name, String description, String resultHelp, List<RpcParamSpec> params) {
        this.network = network;
        this.name = name;
        this.description = description;
        this.resultHelp = resultHelp;
        this.params = List.copyOf(params);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.NETWORK;
    }

    @Override
    public final List<RpcParamSpec> params() {
        return params;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final String resultHelp() {
        return resultHelp;
    }

    /**
     * An IP literal as bitcoind prints it: IPv6 in RFC 5952's short form (the longest run of two or more
     * zero groups, the first of equals, becomes "::"); Java's getHostAddress writes every group.
     */
    static String formatIp(java.net.InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? a.getHostAddress() : dev.blocksmith.p2p.addr.NetAddr.compressedIpv6(b);
    }

    /** {@link #formatIp} of a host string as the address manager holds it. */
    static String formatHost(String host) {
        try {
            return host.matches("[0-9a-fA-F:.]+") ? formatIp(java.net.InetAddress.getByName(host)) : host;
        } catch (java.net.UnknownHostException e) {
            return host;
        }
    }

    /** bitcoind's network name of an IP address as the address manager holds it. */
    static String networkOf(java.net.InetAddress a) {
        return a instanceof java.net.Inet4Address ? "ipv4" : "ipv6";
    }

    /** "ipv4", "ipv6" or "onion", as bitcoind's network field. */
    static String networkOf(String addr) {
        if (addr.contains(".onion")) return "onion";
        return addr.startsWith("[") || addr.chars().filter(c -> c == ':').count() > 1 ? "ipv6" : "ipv4";
    }
}
