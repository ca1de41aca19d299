package dev.blocksmith.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON object that gave some key more than once. bitcoind's UniValue keeps every key/value pair in
 * order, and several RPCs judge the repetition themselves (createrawtransaction and sendmany refuse a
 * "duplicated address"); a Jackson object keeps one value per key. As a map this node holds the first value
 * of each key, which is what bitcoind's find_value returns; {@link #entries()} has them all.
 * {@link RpcJson#entries(JsonNode)} reads either kind of object.
 */
public final class RepeatedKeysObjectNode extends ObjectNode {
    private static final long serialVersionUID = 1L;

    private final transient List<Map.Entry<String, JsonNode>> entries;

    RepeatedKeysObjectNode(JsonNodeFactory nodes, List<Map.Entry<String, JsonNode>> entries) {
        super(nodes, firstOfEach(entries));
        this.entries = List.copyOf(entries);
    }

    private static Map<String, JsonNode> firstOfEach(List<Map.Entry<String, JsonNode>> entries) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries) m.putIfAbsent(e.getKey(), e.getValue());
        return m;
    }

    /** A deep copy that keeps the repeats (requests are copied on their way to a method). */
    @Override
    public RepeatedKeysObjectNode deepCopy() {
        List<Map.Entry<String, JsonNode>> copied = new java.util.ArrayList<>(entries.size());
        for (Map.Entry<String, JsonNode> e : entries) copied.add(Map.entry(e.getKey(), e.getValue().deepCopy()));
        return new RepeatedKeysObjectNode(_nodeFactory, copied);
    }

    /** Every key/value pair as it was written, repeats included. */
    public List<Map.Entry<String, JsonNode>> entries() {
        return entries;
    }
}
