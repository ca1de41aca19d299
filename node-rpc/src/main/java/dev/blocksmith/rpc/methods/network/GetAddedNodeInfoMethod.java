package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.AddedNodeInfo;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Optional;

/** {@code getaddednodeinfo ( "node" )}. */
public final class GetAddedNodeInfoMethod extends NetworkMethod {
    public GetAddedNodeInfoMethod(P2PNetwork network) {
        super(network, "getaddednodeinfo", "Returns information about the given added node, or all added nodes\n(note that onetry addnodes are not listed here)",
                "[ { \"addednode\" : \"str\", \"connected\" : true|false, \"addresses\" : [ ... ] }, ... ]",
                List.of(RpcParamSpec.withDefault("node", RpcParamType.STR, "all nodes", "If provided, return information about this specific node, otherwise all nodes are returned.")));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Optional<String> node = request.param(0).isPresent() ? Optional.of(request.param(0).asString()) : Optional.empty();
        List<AddedNodeInfo> infos;
        try {
            infos = network.addedNodeInfo(node);
        } catch (dev.blocksmith.p2p.P2PException e) {
            throw P2PErrors.toRpc(e); // "Node has not been added" is RPC_CLIENT_NODE_NOT_ADDED (-24)
        }
        if (node.isPresent() && infos.isEmpty()) {
            throw new RpcException(RpcErrorCode.CLIENT_NODE_NOT_ADDED, "Error: Node has not been added.");
        }
        ArrayNode out = RpcJson.array();
        for (AddedNodeInfo i : infos) {
            ObjectNode o = out.addObject();
            o.put("addednode", i.addedNode());
            o.put("connected", i.connected());
            ArrayNode addrs = o.putArray("addresses");
            for (String a : i.connectedAddresses()) {
                ObjectNode e = addrs.addObject();
                e.put("address", a);
                e.put("connected", "outbound");
            }
        }
        return out;
    }
}
