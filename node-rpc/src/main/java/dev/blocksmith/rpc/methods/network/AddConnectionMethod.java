package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.peer.ConnectionType;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Map;

/** {@code addconnection "address" "connection_type" v2transport}: bitcoind's regtest-only outbound connection RPC. */
public final class AddConnectionMethod extends NetworkMethod {
    private static final Map<String, ConnectionType> TYPES = Map.of(
            "outbound-full-relay", ConnectionType.OUTBOUND_FULL_RELAY,
            "block-relay-only", ConnectionType.BLOCK_RELAY_ONLY,
            "addr-fetch", ConnectionType.ADDR_FETCH,
            "feeler", ConnectionType.FEELER);

    public AddConnectionMethod(P2PNetwork network) {
        super(network, "addconnection", "Open an outbound connection to a specified node. This RPC is for testing only.",
                "{ \"address\" : \"str\", \"connection_type\" : \"str\" }",
                List.of(RpcParamSpec.required("address", RpcParamType.STR, "The IP address and port to attempt connecting to."),
                        RpcParamSpec.required("connection_type", RpcParamType.STR, "Type of connection to open (\"outbound-full-relay\", \"block-relay-only\", \"addr-fetch\" or \"feeler\")."),
                        RpcParamSpec.required("v2transport", RpcParamType.BOOL, "Attempt to connect using BIP324 v2 transport protocol")));
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        if (!network.isRegtest()) {
            throw new RpcException(RpcErrorCode.MISC_ERROR, "addconnection is for regression testing (-regtest mode) only.");
        }
        String address = request.arg("address").asString();
        String typeName = request.arg("connection_type").asString();
        boolean v2 = request.arg("v2transport").asBool();
        ConnectionType type = TYPES.get(typeName);
        if (type == null) throw RpcException.invalidParameter(help());
        if (v2 && !network.v2TransportEnabled()) {
            throw RpcException.invalidParameter("Error: Adding v2transport connections requires -v2transport init flag to be set.");
        }
        if (!network.addConnection(address, type, v2)) {
            throw new RpcException(RpcErrorCode.CLIENT_NODE_CAPACITY_REACHED, "Error: Already at capacity for specified connection type.");
        }
        ObjectNode out = RpcJson.object();
        out.put("address", address);
        out.put("connection_type", typeName);
        return out;
    }
}
