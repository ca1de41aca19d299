package dev.blocksmith.rpc.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcJsonParseTest {
    /** The request parser builds the same trees as Jackson's readTree with the RPC layer's settings. */
    @Test
    void sameTreesAsJacksonWithoutRepeatedKeys() throws Exception {
        for (String text : List.of("{}", "[]", "null", "true", "\"x\"", "0", "-1", "2147483648", "9223372036854775808",
                "0.10000000", "1e-8", "1E+2", "21000000.00000000", "[1,[2,{\"a\":[null,false]}]]",
                "{\"method\":\"getblock\",\"params\":[\"00\",2],\"id\":1}", "\"\\u00e9\\n\"")) {
            JsonNode expected = RpcJson.mapper().readTree(text);
            JsonNode parsed = RpcJson.parse(text).orElseThrow();
            assertThat(parsed).as(text).isEqualTo(expected);
            assertThat(parsed.getClass()).as(text).isEqualTo(expected.getClass());
            assertThat(RpcJson.write(parsed)).as(text).isEqualTo(RpcJson.write(expected));
        }
    }

    @Test
    void malformedTextIsRefused() {
        for (String text : List.of("", " ", "{", "{}x", "[1,]", "{\"a\"}", "[1] [2]", "nul", "{\"a\":1,}")) {
            assertThat(RpcJson.parse(text)).as(text).isEmpty();
        }
    }

    /** bitcoind's UniValue keeps every pair of an object; find_value gives the first. */
    @Test
    void repeatedKeysAreKept() {
        JsonNode o = RpcJson.parse("{\"addr\":1,\"b\":2,\"addr\":3}").orElseThrow();
        assertThat(o).isInstanceOf(RepeatedKeysObjectNode.class);
        assertThat(o.get("addr").asInt()).isEqualTo(1);
        assertThat(o.size()).isEqualTo(2);
        assertThat(RpcJson.entries(o)).extracting(Map.Entry::getKey).containsExactly("addr", "b", "addr");
        assertThat(RpcJson.entries(o)).extracting(e -> e.getValue().asInt()).containsExactly(1, 2, 3);
        // Requests are deep-copied on their way to a method: the repeats survive.
        assertThat(RpcJson.entries(RpcJson.array().add(o).deepCopy().get(0))).hasSize(3);
        JsonNode nested = RpcJson.parse("[{\"x\":{\"k\":1,\"k\":2}}]").orElseThrow();
        assertThat(RpcJson.entries(nested.get(0).get("x"))).hasSize(2);
        JsonNode plain = RpcJson.parse("{\"a\":1,\"b\":2}").orElseThrow();
        assertThat(plain).isNotInstanceOf(RepeatedKeysObjectNode.class);
        assertThat(RpcJson.entries(plain)).extracting(Map.Entry::getKey).containsExactly("a", "b");
    }
}
