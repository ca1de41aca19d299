package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.p2p.P2PException;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code setban "subnet" "add|remove" ( bantime absolute )}. */
public final class SetBanMethod extends NetworkMethod {
    public SetBanMethod(P2PNetwork network) {
        super(network, "setban", "Attempts to add or remove an IP/Subnet from the banned list.", "null    (json null)", List.of(
                RpcParamSpec.required("subnet", RpcParamType.STR, "The IP/Subnet (see getpeerinfo for nodes IP) with an optional netmask (default is /32 = single IP)"),
                RpcParamSpec.required("command", RpcParamType.STR, "'add' to add an IP/Subnet to the list, 'remove' to remove an IP/Subnet from the list"),
                RpcParamSpec.withDefault("bantime", RpcParamType.NUM, "0", "time in seconds how long (or until when if [absolute] is set) the IP is banned (0 or empty means using the default time of 24h)"),
                RpcParamSpec.withDefault("absolute", RpcParamType.BOOL, "false", "If set, the bantime must be an absolute timestamp expressed in UNIX epoch time")));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String subnet = request.param(0).asString();
        String command = request.param(1).asString();
        if (!command.equals("add") && !command.equals("remove")) {
            // bitcoind answers an unknown command with the method's help (runtime_error: RPC_MISC_ERROR).
            throw new RpcException(dev.blocksmith.rpc.RpcErrorCode.MISC_ERROR, help());
        }
        long bantime = request.param(2).asLongOr(0);
        boolean absolute = request.param(3).asBoolOr(false);
        try {
            network.setBan(subnet, command.equals("add"), bantime, absolute);
        } catch (P2PException e) {
            throw P2PErrors.toRpc(e);
        }
        return NullNode.getInstance();
    }
}
