package dev.blocksmith.rpc.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentBinderTest {
    /** Shaped like getblock: "blockhash" ( verbosity|verbose ), plus a third optional flag. */
    private static final RpcMethod METHOD = new RpcMethod() {
        @Override public String name() { return "getblock"; }
        @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }
        @Override public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("blockhash", RpcParamType.STR_HEX, "The block hash"),
                    RpcParamSpec.withDefault("verbosity|verbose", RpcParamType.NUM, 1, "0 for hex"),
                    RpcParamSpec.withDefault("flag", RpcParamType.BOOL, false, "a flag"));
        }
        @Override public String description() { return "Gets a block."; }
        @Override public String resultHelp() { return "\"hex\"    (string)"; }
        @Override public JsonNode execute(RpcRequest request) { return null; }
    };

    private static JsonNode json(String s) {
        return RpcJson.parse(s).orElseThrow();
    }

    private static String bind(String params) throws RpcException {
        return ArgumentBinder.bind(METHOD, json(params)).toString();
    }

    @Test
    void positionalPassesThrough() throws RpcException {
        assertThat(bind("[\"00\",2]")).isEqualTo("[\"00\",2]");
    }

    @Test
    void namedMapsToPositionsWithHolesButNoTrailingNulls() throws RpcException {
        assertThat(bind("{\"blockhash\":\"00\"}")).isEqualTo("[\"00\"]");
        assertThat(bind("{\"flag\":true,\"blockhash\":\"00\"}")).isEqualTo("[\"00\",null,true]");
        assertThat(bind("{\"blockhash\":\"00\",\"verbose\":0}")).isEqualTo("[\"00\",0]");
    }

    @Test
    void argsKeyCarriesLeadingPositionals() throws RpcException {
        assertThat(bind("{\"args\":[\"00\"],\"flag\":true}")).isEqualTo("[\"00\",null,true]");
        assertThatThrownBy(() -> bind("{\"args\":[\"00\"],\"blockhash\":\"11\"}"))
                .hasMessage("Parameter blockhash specified twice both as positional and named argument");
    }

    /** Shaped like send: outputs ( conf_target options ), the options' keys also named arguments (OBJ_NAMED_PARAMS). */
    private static final RpcMethod SEND = new RpcMethod() {
        @Override public String name() { return "send"; }
        @Override public RpcCategory category() { return RpcCategory.WALLET; }
        @Override public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("outputs", RpcParamType.ANY, "outputs"),
                    RpcParamSpec.optional("conf_target", RpcParamType.NUM, "target"),
                    RpcParamSpec.optional("options", RpcParamType.OBJ, "options").withNamedOptions(List.of(new RpcParamSpec.NamedOption("inputs", RpcParamType.ARR),
                            new RpcParamSpec.NamedOption("add_inputs", RpcParamType.BOOL))));
        }
        @Override public String description() { return "Sends."; }
        @Override public String resultHelp() { return "{}"; }
        @Override public JsonNode execute(RpcRequest request) { return null; }
    };

    @Test
    void optionKeysGivenAsNamedArgumentsFillTheOptionsObject() throws RpcException {
        assertThat(ArgumentBinder.bind(SEND, json("{\"outputs\":[],\"inputs\":[1],\"add_inputs\":true}")).toString())
                .isEqualTo("[[],null,{\"inputs\":[1],\"add_inputs\":true}]");
        assertThat(ArgumentBinder.bind(SEND, json("{\"outputs\":[],\"options\":{\"inputs\":[]}}")).toString())
                .isEqualTo("[[],null,{\"inputs\":[]}]");
        assertThatThrownBy(() -> ArgumentBinder.bind(SEND, json("{\"outputs\":[],\"options\":{},\"inputs\":[]}")))
                .hasMessage("Parameter options conflicts with parameter inputs");
    }

    @Test
    void unknownNamedParameter() {
        assertThatThrownBy(() -> bind("{\"blockhash\":\"00\",\"verbosityy\":1}"))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_PARAMETER))
                .hasMessage("Unknown named parameter verbosityy");
    }

    @Test
    void wrongCountRepliesWithHelp() {
        assertThatThrownBy(() -> bind("[]")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.MISC_ERROR);
            assertThat(e.getMessage()).startsWith("getblock \"blockhash\" ( verbosity flag )\n\nGets a block.");
        });
        assertThatThrownBy(() -> bind("[\"00\",1,true,4]")).isInstanceOf(RpcException.class);
    }

    @Test
    void typeErrorsListEveryMismatchWithAliases() {
        assertThatThrownBy(() -> bind("[1,\"x\",null]")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.TYPE_ERROR);
            assertThat(e.getMessage()).isEqualTo("""
                    Wrong type passed:
                    {
                        "Position 1 (blockhash)": "JSON value of type number is not of expected type string",
                        "Position 2 (verbosity|verbose)": "JSON value of type string is not of expected type number"
                    }""");
        });
    }

    @Test
    void requiredNullIsATypeError() {
        assertThatThrownBy(() -> bind("[null]"))
                .hasMessageContaining("\"Position 1 (blockhash)\": \"JSON value of type null is not of expected type string\"");
    }

    @Test
    void paramAccessorsFollowUniValueGetters() throws RpcException {
        RpcParam frac = new RpcParam("n", json("1.5"));
        assertThatThrownBy(frac::asInt).hasMessage("JSON integer out of range");
        assertThatThrownBy(() -> new RpcParam("n", json("3000000000")).asInt()).hasMessage("JSON integer out of range");
        assertThat(new RpcParam("n", json("3000000000")).asLong()).isEqualTo(3_000_000_000L);
        assertThatThrownBy(() -> new RpcParam("n", json("\"1\"")).asInt())
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TYPE_ERROR))
                .hasMessage("JSON value of type string is not of expected type number");
        assertThat(new RpcParam("n", null).asIntOr(7)).isEqualTo(7);
        assertThat(new RpcParam("b", json("true")).asBool()).isTrue();
    }

    @Test
    void hashParamMessages() {
        assertThatThrownBy(() -> new RpcParam("blockhash", json("\"abc\"")).asHash())
                .hasMessage("blockhash must be of length 64 (not 3, for 'abc')");
        String nonHex = "z".repeat(64);
        assertThatThrownBy(() -> new RpcParam("blockhash", json("\"" + nonHex + "\"")).asHash())
                .hasMessage("blockhash must be hexadecimal string (not '" + nonHex + "')");
        // Digits of other scripts are not hex.
        String arabic = "\u0663".repeat(64);
        assertThatThrownBy(() -> new RpcParam("blockhash", json("\"" + arabic + "\"")).asHash())
                .hasMessageContaining("must be hexadecimal string");
    }
}
