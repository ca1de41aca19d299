package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.addr.KnownAddress;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getnodeaddresses ( count "network" )}: addresses known to the address manager. */
public final class GetNodeAddressesMethod extends NetworkMethod {
    public GetNodeAddressesMethod(P2PNetwork network) {
        super(network, "getnodeaddresses", "Return known addresses, after filtering for quality and recency.\nThese can potentially be used to find new peers in the network.\nThe total number of addresses known to the node may be higher.",
                "[ { \"time\" : xxx, \"services\" : n, \"address\" : \"str\", \"port\" : n, \"network\" : \"str\" }, ... ]",
                List.of(RpcParamSpec.withDefault("count", RpcParamType.NUM, "1", "The maximum number of addresses to return. Specify 0 to return all known addresses."),
                        RpcParamSpec.withDefault("network", RpcParamType.STR, "all networks", "Return only addresses of the specified network. Can be one of: ipv4, ipv6, onion, i2p, cjdns.")));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        int count = request.param(0).asIntOr(1);
        if (count < 0) throw RpcException.invalidParameter("Address count out of range");
        String filter = request.param(1).isPresent() ? request.param(1).asString() : "";
        if (!filter.isEmpty() && dev.blocksmith.p2p.Network.parse(filter).filter(n -> n.rpcName().equals(filter)).isEmpty()) {
            throw RpcException.invalidParameter("Network not recognized: " + filter);
        }
        ArrayNode out = RpcJson.array();
        for (KnownAddress a : network.nodeAddresses(count == 0 ? Integer.MAX_VALUE : count)) {
            String net = a.network().rpcName();
            if (!filter.isEmpty() && !filter.equals(net)) continue;
            ObjectNode o = out.addObject();
            o.put("time", a.lastSeen());
            o.put("services", a.services());
            o.put("address", a.netAddr().host());
            o.put("port", a.port());
            o.put("network", net);
        }
        return out;
    }
}
