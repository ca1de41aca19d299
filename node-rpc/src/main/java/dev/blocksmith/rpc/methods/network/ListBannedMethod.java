package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.peer.BanEntry;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.time.Clock;
import java.util.List;

/** {@code listbanned}. */
public final class ListBannedMethod extends NetworkMethod {
    private final Clock clock;

    public ListBannedMethod(P2PNetwork network, Clock clock) {
        super(network, "listbanned", "List all manually banned IPs/Subnets.",
                "[ { \"address\" : \"str\", \"ban_created\" : n, \"banned_until\" : n, \"ban_duration\" : n, \"time_remaining\" : n }, ... ]",
                List.of());
        this.clock = clock;
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        long now = clock.millis() / 1000;
        ArrayNode out = RpcJson.array();
        for (BanEntry b : network.listBanned()) {
            ObjectNode o = out.addObject();
            o.put("address", b.address());
            o.put("ban_created", b.banCreated());
            o.put("banned_until", b.bannedUntil());
            o.put("ban_duration", b.bannedUntil() - b.banCreated());
            o.put("time_remaining", Math.max(0, b.bannedUntil() - now));
        }
        return out;
    }
}
