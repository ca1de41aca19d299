package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.addr.AddressManager;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;

import java.util.List;

/** {@code addpeeraddress "address" port ( tried )}: bitcoind's hidden test RPC filling the address manager. */
public final class AddPeerAddressMethod extends NetworkMethod {

    public AddPeerAddressMethod(P2PNetwork network) {
        super(network, "addpeeraddress", "Add the address of a potential peer to an address manager table. This RPC is for testing only.",
                "{ \"success\" : true|false, \"error\" : \"str\" }",
                List.of(RpcParamSpec.required("address", RpcParamType.STR, "The IP address of the peer"),
                        RpcParamSpec.required("port", RpcParamType.NUM, "The port of the peer"),
                        RpcParamSpec.withDefault("tried", RpcParamType.BOOL, "false", "If true, attempt to add the peer to the tried addresses table")));
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String text = request.param(0).asString();
        int port = request.param(1).asInt();
        // bitcoind reads the port as uint16_t.
        if (port < 0 || port > 65535) throw new RpcException(RpcErrorCode.MISC_ERROR, "JSON integer out of range");
        boolean tried = request.param(2).asBoolOr(false);
        ObjectNode out = RpcJson.object();
        // bitcoind's LookupHost without DNS: IP literals, Tor v3 and I2P names; anything else is refused.
        AddressManager.AddOutcome outcome = network.addPeerAddress(text, port, tried)
                .orElseThrow(() -> new RpcException(RpcErrorCode.CLIENT_INVALID_IP_OR_SUBNET, "Invalid IP address"));
        out.put("success", outcome == AddressManager.AddOutcome.ADDED);
        switch (outcome) {
            case FAILED_ADDING_TO_NEW -> out.put("error", "failed-adding-to-new");
            case FAILED_ADDING_TO_TRIED -> out.put("error", "failed-adding-to-tried");
            case ADDED -> { }
        }
        return out;
    }
}
