package dev.blocksmith.rpc.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UniValueFormatTest {
    @Test
    void prettyPrintsLikeBitcoinCli() {
        String json = "{\"chain\":\"regtest\",\"blocks\":0,\"warnings\":[],\"nested\":{\"a\":[1,{\"b\":null}],\"e\":{}},"
                + "\"amount\":50.00000000,\"ok\":true}";
        assertThat(UniValueFormat.write(RpcJson.parse(json).orElseThrow(), 2)).isEqualTo("""
                {
                  "chain": "regtest",
                  "blocks": 0,
                  "warnings": [
                  ],
                  "nested": {
                    "a": [
                      1,
                      {
                        "b": null
                      }
                    ],
                    "e": {
                    }
                  },
                  "amount": 50.00000000,
                  "ok": true
                }""");
    }

    @Test
    void topLevelEmptyContainersAndScalars() {
        assertThat(UniValueFormat.write(RpcJson.array(), 2)).isEqualTo("[\n]");
        assertThat(UniValueFormat.write(RpcJson.object(), 2)).isEqualTo("{\n}");
        assertThat(UniValueFormat.write(RpcJson.parse("\"a\\\"b\\n\"").orElseThrow(), 2)).isEqualTo("\"a\\\"b\\n\"");
        assertThat(UniValueFormat.write(RpcJson.parse("[1,2]").orElseThrow(), 0)).isEqualTo("[1,2]");
    }

    @Test
    void fourSpaceIndentForErrorMessages() {
        assertThat(UniValueFormat.write(RpcJson.parse("{\"k\":\"v\"}").orElseThrow(), 4)).isEqualTo("{\n    \"k\": \"v\"\n}");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(UniValueFormat.write(RpcJson.nodes().textNode("\u0001\u007f"), 2)).isEqualTo("\"\\u0001\\u007f\"");
    }
}
