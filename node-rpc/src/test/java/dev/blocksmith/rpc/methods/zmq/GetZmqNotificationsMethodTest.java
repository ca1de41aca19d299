package dev.blocksmith.rpc.methods.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetZmqNotificationsMethodTest {
    private static JsonNode call(GetZmqNotificationsMethod m) {
        return m.execute(new RpcRequest(m.name(), RpcJson.array(), m.params(), Optional.empty(), "test"));
    }

    @Test
    void listsTheActivePublishersInBitcoindsShape() {
        GetZmqNotificationsMethod m = new GetZmqNotificationsMethod(() -> List.of(
                new ZmqNotification("pubhashblock", "tcp://127.0.0.1:28332", 1000),
                new ZmqNotification("pubsequence", "ipc:///tmp/seq", 5)));
        assertThat(m.category()).isEqualTo(RpcCategory.ZMQ);
        JsonNode result = call(m);
        OpenRpcSchema.assertValidResult("getzmqnotifications", result);
        assertThat(result.toString()).isEqualTo("[{\"type\":\"pubhashblock\",\"address\":\"tcp://127.0.0.1:28332\",\"hwm\":1000},"
                + "{\"type\":\"pubsequence\",\"address\":\"ipc:///tmp/seq\",\"hwm\":5}]");
        JsonNode none = call(new GetZmqNotificationsMethod(List::of));
        assertThat(none).isInstanceOf(ArrayNode.class).isEmpty();
        OpenRpcSchema.assertValidResult("getzmqnotifications", none);
    }
}
