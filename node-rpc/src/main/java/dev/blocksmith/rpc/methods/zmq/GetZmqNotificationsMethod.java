package dev.blocksmith.rpc.methods.zmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code getzmqnotifications}: the working ZMQ publishers in bitcoind's order (by type, then as configured);
 * empty without any {@code -zmqpub*} option, or when ZMQ could not start.
 */
public final class GetZmqNotificationsMethod implements RpcMethod {
    private final Supplier<List<ZmqNotification>> active;

    public GetZmqNotificationsMethod(Supplier<List<ZmqNotification>> active) {
        this.active = Objects.requireNonNull(active);
    }

    @Override
    public String name() {
        return "getzmqnotifications";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.ZMQ;
    }

    @Override
    public String description() {
        return "Returns information about the active ZeroMQ notifications.";
    }

    @Override
    public String resultHelp() {
        return """
                [                         (json array)
                  {                       (json object)
                    "type" : "str",       (string) Type of notification
                    "address" : "str",    (string) Address of the publisher
                    "hwm" : n             (numeric) Outbound message high water mark
                  },
                  ...
                ]""";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        ArrayNode out = RpcJson.array();
        for (ZmqNotification n : active.get()) {
            ObjectNode o = out.addObject();
            o.put("type", n.type());
            o.put("address", n.address());
            o.put("hwm", n.hwm());
        }
        return out;
    }
}
