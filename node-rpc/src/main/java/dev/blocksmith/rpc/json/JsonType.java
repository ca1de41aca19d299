package dev.blocksmith.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The six JSON value types under the names bitcoind's UniValue gives them (uvTypeName), which appear
 * verbatim in type errors such as "JSON value of type string is not of expected type number".
 */
public enum JsonType {
    NULL("null"),
    BOOL("bool"),
    OBJECT("object"),
    ARRAY("array"),
    STRING("string"),
    NUMBER("number");

    private final String uniValueName;

    JsonType(String uniValueName) {
        this.uniValueName = uniValueName;
    }

    public String uniValueName() {
        return uniValueName;
    }

    public static JsonType of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return NULL;
        if (node.isBoolean()) return BOOL;
        if (node.isObject()) return OBJECT;
        if (node.isArray()) return ARRAY;
        if (node.isTextual()) return STRING;
        if (node.isNumber()) return NUMBER;
        throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }

    /** The message bitcoind uses for a value of the wrong JSON type. */
    public static String mismatchMessage(JsonNode actual, JsonType expected) {
        return "JSON value of type " + of(actual).uniValueName() + " is not of expected type "
                + expected.uniValueName();
    }
}
