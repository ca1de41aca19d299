package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.p2p.P2PException;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Optional;

/** {@code disconnectnode ( "address" nodeid )}: exactly one of the two must be given. */
public final class DisconnectNodeMethod extends NetworkMethod {
    public DisconnectNodeMethod(P2PNetwork network) {
        super(network, "disconnectnode", "Immediately disconnects from the specified peer node.",
                "null    (json null)", List.of(
                        RpcParamSpec.withHint("address", RpcParamType.STR, "fallback to nodeid", "The IP address/port of the node"),
                        RpcParamSpec.withHint("nodeid", RpcParamType.NUM, "fallback to address", "The node ID (see getpeerinfo for node IDs)")));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        boolean hasAddr = request.arg("address").isPresent() && !request.arg("address").asString().isEmpty();
        boolean hasId = request.arg("nodeid").isPresent();
        if (hasAddr == hasId) {
            throw new RpcException(RpcErrorCode.INVALID_PARAMS, "Only one of address and nodeid should be provided.");
        }
        try {
            network.disconnectNode(hasAddr ? Optional.of(request.arg("address").asString()) : Optional.empty(),
                    hasId ? Optional.of(request.arg("nodeid").asLong()) : Optional.empty());
        } catch (P2PException e) {
            throw P2PErrors.toRpc(e);
        }
        return NullNode.getInstance();
    }
}
