package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code setnetworkactive state}: turn all P2P activity off or on; returns the new state. */
public final class SetNetworkActiveMethod extends NetworkMethod {
    public SetNetworkActiveMethod(P2PNetwork network) {
        super(network, "setnetworkactive", "Disable/enable all p2p network activity.", "true|false    (boolean) The value that was passed in",
                List.of(RpcParamSpec.required("state", RpcParamType.BOOL, "true to enable networking, false to disable")));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        boolean state = request.arg("state").asBool();
        network.setNetworkActive(state);
        return BooleanNode.valueOf(network.isNetworkActive());
    }
}
