package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.p2p.AddNodeAction;
import dev.blocksmith.p2p.P2PException;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code addnode "node" "command"}: add, remove or try once a peer to keep connected. */
public final class AddNodeMethod extends NetworkMethod {
    public AddNodeMethod(P2PNetwork network) {
        super(network, "addnode", "Attempts to add or remove a node from the addnode list.\nOr try a connection to a node once.",
                "null    (json null)", List.of(
                        RpcParamSpec.required("node", RpcParamType.STR, "The address of the peer to connect to"),
                        RpcParamSpec.required("command", RpcParamType.STR, "'add' to add a node to the list, 'remove' to remove a node from the list, 'onetry' to try a connection to the node once"),
                        RpcParamSpec.withHint("v2transport", RpcParamType.BOOL, "set by -v2transport", "Attempt to connect using BIP324 v2 transport protocol (ignored for 'remove' command)")));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String node = request.arg("node").asString();
        String command = request.arg("command").asString();
        AddNodeAction action;
        try {
            action = AddNodeAction.parse(command);
        } catch (IllegalArgumentException e) {
            // bitcoind answers an unknown command with the method's help (runtime_error: RPC_MISC_ERROR).
            throw new RpcException(dev.blocksmith.rpc.RpcErrorCode.MISC_ERROR, help());
        }
        // bitcoind: the argument defaults to -v2transport, and v2 cannot be asked of a node that does not offer it.
        boolean enabled = network.v2TransportEnabled();
        boolean v2 = request.arg("v2transport").asBoolOr(enabled);
        if (v2 && !enabled) {
            throw RpcException.invalidParameter("Error: v2transport requested but not enabled (see -v2transport)");
        }
        try {
            network.addNode(node, action, v2);
        } catch (P2PException e) {
            throw P2PErrors.toRpc(e);
        }
        return NullNode.getInstance();
    }
}
