package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code ping}: queue a ping to every peer; results show in getpeerinfo's pingtime. */
public final class PingMethod extends NetworkMethod {
    public PingMethod(P2PNetwork network) {
        super(network, "ping", "Requests that a ping be sent to all other nodes, to measure ping time.\n"
                + "Results are provided in getpeerinfo, pingtime and pingwait fields are decimal seconds.", "null    (json null)", List.of());
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        network.ping();
        return NullNode.getInstance();
    }
}
