package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.p2p.LocalAddress;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getnetworkinfo}. */
public final class GetNetworkInfoMethod extends NetworkMethod {
    private final int version;
    private final String subversion;
    private final Amount relayFeePerKvB;
    private final Amount incrementalFeePerKvB;
    private final java.util.function.Supplier<List<String>> warnings;

    public GetNetworkInfoMethod(P2PNetwork network, int version, String subversion, Amount relayFeePerKvB,
                                Amount incrementalFeePerKvB) {
        this(network, version, subversion, relayFeePerKvB, incrementalFeePerKvB, List::of);
    }

    /** @param warnings the node's warnings (bitcoind's GetWarnings), e.g. the chain's unknown-rules warning */
    public GetNetworkInfoMethod(P2PNetwork network, int version, String subversion, Amount relayFeePerKvB,
                                Amount incrementalFeePerKvB, java.util.function.Supplier<List<String>> warnings) {
        super(network, "getnetworkinfo", "Returns an object containing various state info regarding P2P networking.",
                "{                                    (json object)\n"
                        + "  \"version\" : n,                      (numeric) the server version\n"
                        + "  \"subversion\" : \"str\",               (string) the server subversion string\n"
                        + "  \"protocolversion\" : n,              (numeric) the protocol version\n"
                        + "  ...\n"
                        + "  \"networks\" : [                      (json array) information per network\n"
                        + "    {                                  (json object)\n"
                        + "      \"name\" : \"str\",                  (string) network (ipv4, ipv6, onion, i2p, cjdns)\n"
                        + "      \"limited\" : true|false,          (boolean) is the network limited using -onlynet?\n"
                        + "      \"reachable\" : true|false,        (boolean) is the network reachable?\n"
                        + "      \"proxy\" : \"str\",                 (string) (\"host:port\") the proxy that is used for this network, or empty if none\n"
                        + "      \"proxy_randomize_credentials\" : true|false    (boolean) Whether randomized credentials are used\n"
                        + "    },\n"
                        + "    ...\n"
                        + "  ],\n"
                        + "  ...\n"
                        + "}", List.of());
        this.version = version;
        this.subversion = subversion;
        this.relayFeePerKvB = relayFeePerKvB;
        this.incrementalFeePerKvB = incrementalFeePerKvB;
        this.warnings = warnings;
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        List<PeerInfo> peers = network.peers();
        long in = peers.stream().filter(PeerInfo::inbound).count();
        ObjectNode o = RpcJson.object();
        o.put("version", version);
        o.put("subversion", subversion);
        o.put("protocolversion", 70016);
        long services = network.localServices();
        o.put("localservices", String.format("%016x", services));
        ArrayNode names = o.putArray("localservicesnames");
        for (String name : dev.blocksmith.p2p.peer.ServiceFlags.names(services)) names.add(name);
        o.put("localrelay", network.localRelay());
        o.put("timeoffset", network.timeOffset());
        o.put("connections", peers.size());
        o.put("connections_in", in);
        o.put("connections_out", peers.size() - in);
        o.put("networkactive", network.isNetworkActive());
        ArrayNode nets = o.putArray("networks");
        dev.blocksmith.p2p.NetworkReach reach = network.networks();
        for (dev.blocksmith.p2p.Network n : dev.blocksmith.p2p.Network.values()) {
            ObjectNode e = nets.addObject();
            e.put("name", n.rpcName());
            // bitcoind reports both from the one reachable set: limited is its negation.
            e.put("limited", !reach.isReachable(n));
            e.put("reachable", reach.isReachable(n));
            var proxy = reach.proxy(n);
            e.put("proxy", proxy.map(dev.blocksmith.p2p.Socks5Proxy::display).orElse(""));
            e.put("proxy_randomize_credentials", proxy.map(dev.blocksmith.p2p.Socks5Proxy::randomizeCredentials).orElse(false));
        }
        o.set("relayfee", RpcJson.amount(relayFeePerKvB));
        o.set("incrementalfee", RpcJson.amount(incrementalFeePerKvB));
        ArrayNode local = o.putArray("localaddresses");
        for (LocalAddress a : network.localAddresses()) {
            ObjectNode e = local.addObject();
            e.put("address", a.address());
            e.put("port", a.port());
            e.put("score", a.score());
        }
        com.fasterxml.jackson.databind.node.ArrayNode w = o.putArray("warnings");
        warnings.get().forEach(w::add);
        return o;
    }
}
