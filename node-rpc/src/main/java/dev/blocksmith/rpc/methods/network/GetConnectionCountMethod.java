package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getconnectioncount}. */
public final class GetConnectionCountMethod extends NetworkMethod {
    public GetConnectionCountMethod(P2PNetwork network) {
        super(network, "getconnectioncount", "Returns the number of connections to other nodes.",
                "n    (numeric) The connection count", List.of());
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        return IntNode.valueOf(network.connectionCount());
    }
}
