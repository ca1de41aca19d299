package dev.blocksmith.rpc.methods;

import dev.blocksmith.rpc.json.JsonType;
import java.util.Optional;

/**
 * Argument types as bitcoind declares them (RPCArg::Type). Each maps to the JSON type the server
 * checks before the method runs; AMOUNT and RANGE accept two JSON types and are checked by the
 * method's own parsing, as in bitcoind.
 */
public enum RpcParamType {
    STR(JsonType.STRING, "string"),
    STR_HEX(JsonType.STRING, "string"),
    NUM(JsonType.NUMBER, "numeric"),
    BOOL(JsonType.BOOL, "boolean"),
    AMOUNT(null, "numeric or string"),
    RANGE(null, "numeric or array"),
    OBJ(JsonType.OBJECT, "json object"),
    OBJ_USER_KEYS(JsonType.OBJECT, "json object"),
    ARR(JsonType.ARRAY, "json array"),
    /** Any JSON value; the method reads it as it likes (bitcoind's skip_type_check). */
    ANY(null, "any");

    private final JsonType expected;
    private final String helpName;

    RpcParamType(JsonType expected, String helpName) {
        this.expected = expected;
        this.helpName = helpName;
    }

    /** The JSON type a present argument must have, or empty when the method checks it itself. */
    public Optional<JsonType> expectedJsonType() {
        return Optional.ofNullable(expected);
    }

    public String helpName() {
        return helpName;
    }
}
