package dev.blocksmith.rpc.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Arguments read by declared name, with the declared default, whether the call was positional or named. */
class RpcRequestTest {
    /** Shaped like listunspent's first arguments and getnewaddress's address_type. */
    private static final RpcMethod METHOD = new RpcMethod() {
        @Override public String name() { return "demo"; }
        @Override public RpcCategory category() { return RpcCategory.WALLET; }
        @Override public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.withDefault("minconf", RpcParamType.NUM, 1, "min"),
                    RpcParamSpec.withDefault("verbosity|verbose", RpcParamType.ANY, 0, "how much"),
                    RpcParamSpec.withDefaultText("estimate_mode", RpcParamType.STR, "unset", "mode"),
                    RpcParamSpec.withHint("address_type", RpcParamType.STR, "set by -addresstype", "type"),
                    RpcParamSpec.optional("label", RpcParamType.STR, "label"),
                    RpcParamSpec.withDefault("addresses", RpcParamType.ARR, RpcJson.array(), "filter"));
        }
        @Override public String description() { return "Demo."; }
        @Override public String resultHelp() { return "null"; }
        @Override public JsonNode execute(RpcRequest request) { return null; }
    };

    private static RpcRequest request(String params) throws RpcException {
        ArrayNode bound = ArgumentBinder.bind(METHOD, RpcJson.parse(params).orElseThrow());
        return new RpcRequest(METHOD.name(), bound, METHOD.params(), Optional.empty(), "test");
    }

    @Test
    void positionalAndNamedCallsReadTheSameArguments() throws RpcException {
        for (String params : List.of("[5, 2, \"conservative\"]", "{\"estimate_mode\":\"conservative\",\"minconf\":5,\"verbose\":2}",
                "{\"args\":[5],\"verbosity\":2,\"estimate_mode\":\"conservative\"}")) {
            RpcRequest r = request(params);
            assertThat(r.arg("minconf").asInt()).as(params).isEqualTo(5);
            assertThat(r.arg("verbosity").asInt()).as(params).isEqualTo(2);
            assertThat(r.arg("estimate_mode").asString()).as(params).isEqualTo("conservative");
        }
    }

    @Test
    void absentOrNullArgumentsReadTheirDeclaredDefault() throws RpcException {
        for (String params : List.of("[]", "[null, null, null]", "{\"label\":\"x\"}")) {
            RpcRequest r = request(params);
            assertThat(r.arg("minconf").asInt()).as(params).isEqualTo(1);
            assertThat(r.arg("minconf").asLong()).as(params).isEqualTo(1L);
            assertThat(r.arg("verbosity").json().asInt()).as(params).isZero();
            assertThat(r.arg("estimate_mode").asString()).as(params).isEqualTo("unset");
            assertThat(r.arg("addresses").asArray()).as(params).isEmpty();
            // What the caller passed stays visible for bitcoind code that acts on absence itself.
            assertThat(r.arg("minconf").isNull()).isTrue();
            assertThat(r.arg("estimate_mode").given().isNull()).isTrue();
        }
    }

    @Test
    void typedAccessorsKeepBitcoindsErrors() throws RpcException {
        // Declared types are checked before the method runs; an ANY argument is checked when read.
        assertThatThrownBy(() -> request("[\"1\"]")).hasMessageContaining("\"Position 1 (minconf)\": \"JSON value of type string is not of expected type number\"");
        RpcRequest wrongType = request("[1, \"2\"]");
        assertThatThrownBy(() -> wrongType.arg("verbosity").asInt()).isInstanceOf(RpcException.class)
                .hasMessage("JSON value of type string is not of expected type number")
                .extracting(e -> ((RpcException) e).code()).isEqualTo(RpcErrorCode.TYPE_ERROR);
        RpcRequest fraction = request("[1, 1.5]");
        assertThatThrownBy(() -> fraction.arg("verbosity").asInt()).hasMessage("JSON integer out of range")
                .extracting(e -> ((RpcException) e).code()).isEqualTo(RpcErrorCode.MISC_ERROR);
    }

    @Test
    void fallbacksInCodeOnlyForComputedDefaults() throws RpcException {
        RpcRequest r = request("[]");
        assertThat(r.arg("address_type").asStringOr("bech32")).isEqualTo("bech32");
        assertThatThrownBy(() -> r.arg("minconf").asIntOr(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declares the default 1");
        assertThatThrownBy(() -> r.arg("label").asStringOr("")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declares no default");
        assertThat(request("[1, 0, \"unset\", \"legacy\"]").arg("address_type").asStringOr("bech32")).isEqualTo("legacy");
    }

    @Test
    void onlyDeclaredNamesAreRead() throws RpcException {
        RpcRequest r = request("[]");
        assertThatThrownBy(() -> r.arg("verbose")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("demo declares no argument verbose");
        assertThatThrownBy(() -> r.arg("nosuch")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void declarationsRenderTheirDefaultsInHelp() {
        String help = METHOD.help();
        assertThat(help).contains("1. minconf    (numeric, optional, default=1) min")
                .contains("3. estimate_mode    (string, optional, default=\"unset\") mode")
                .contains("4. address_type    (string, optional, default=set by -addresstype) type")
                .contains("5. label    (string, optional) label")
                .contains("6. addresses    (json array, optional, default=[]) filter");
        assertThatThrownBy(() -> RpcParamSpec.withDefault("x", RpcParamType.NUM, RpcJson.nodes().nullNode(), "d"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
