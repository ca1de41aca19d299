package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code clearbanned}. */
public final class ClearBannedMethod extends NetworkMethod {
    public ClearBannedMethod(P2PNetwork network) {
        super(network, "clearbanned", "Clear all banned IPs.", "null    (json null)", List.of());
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        network.clearBanned();
        return NullNode.getInstance();
    }
}
