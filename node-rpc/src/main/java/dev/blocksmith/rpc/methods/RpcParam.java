package dev.blocksmith.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.AmountValues;
import dev.blocksmith.rpc.json.JsonType;
import java.math.BigInteger;

/**
 * One positional argument of a call with typed accessors that fail the way bitcoind's UniValue
 * getters do: a value of the wrong JSON type is a type error (-3, "JSON value of type string is not
 * of expected type number"), a non-integral or too large number is "JSON integer out of range" (-1).
 * An absent argument reads as JSON null; the {@code ...Or} accessors supply defaults for it.
 */
public final class RpcParam {
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final String name;
    private final JsonNode value;

    public RpcParam(String name, JsonNode value) {
        this.name = name;
        this.value = value == null || value.isMissingNode() ? NullNode.getInstance() : value;
    }

    /** The declared name, used in messages such as "blockhash must be of length 64". */
    public String name() {
        return name;
    }

    /** The raw JSON value (JSON null when absent). */
    public JsonNode json() {
        return value;
    }

    public boolean isNull() {
        return value.isNull();
    }

    public boolean isPresent() {
        return !value.isNull();
    }

    public JsonType jsonType() {
        return JsonType.of(value);
    }

    public int asInt() throws RpcException {
        BigInteger v = integer();
        if (v.compareTo(INT_MIN) < 0 || v.compareTo(INT_MAX) > 0) {
            throw outOfRange();
        }
        return v.intValue();
    }

    public int asIntOr(int fallback) throws RpcException {
        return isNull() ? fallback : asInt();
    }

    public long asLong() throws RpcException {
        BigInteger v = integer();
        if (v.compareTo(LONG_MIN) < 0 || v.compareTo(LONG_MAX) > 0) {
            throw outOfRange();
        }
        return v.longValue();
    }

    public long asLongOr(long fallback) throws RpcException {
        return isNull() ? fallback : asLong();
    }

    public String asString() throws RpcException {
        expect(JsonType.STRING);
        return value.textValue();
    }

    public String asStringOr(String fallback) throws RpcException {
        return isNull() ? fallback : asString();
    }

    public boolean asBool() throws RpcException {
        expect(JsonType.BOOL);
        return value.booleanValue();
    }

    public boolean asBoolOr(boolean fallback) throws RpcException {
        return isNull() ? fallback : asBool();
    }

    public JsonNode asObject() throws RpcException {
        expect(JsonType.OBJECT);
        return value;
    }

    public JsonNode asArray() throws RpcException {
        expect(JsonType.ARRAY);
        return value;
    }

    /** A BTC amount from a number or decimal string (bitcoind's AmountFromValue). */
    public Amount asAmount() throws RpcException {
        return AmountValues.fromJson(value);
    }

    /**
     * A 32-byte hash in display hex (bitcoind's ParseHashV): wrong length or non-hex is an invalid
     * parameter (-8) naming the argument.
     */
    public Sha256Hash asHash() throws RpcException {
        String hex = asString();
        if (hex.length() != 64) {
            throw RpcException.invalidParameter(
                    name + " must be of length 64 (not " + hex.length() + ", for '" + hex + "')");
        }
        if (!isAsciiHex(hex)) {
            throw RpcException.invalidParameter(name + " must be hexadecimal string (not '" + hex + "')");
        }
        return Sha256Hash.fromHex(hex);
    }

    /** Hex-encoded bytes (bitcoind's ParseHexV). */
    public byte[] asHexBytes() throws RpcException {
        String hex = asString();
        if (hex.length() % 2 != 0 || !isAsciiHex(hex)) {
            throw RpcException.invalidParameter(
                    name + " must be hexadecimal string (not '" + hex + "') and length of it must be divisible by 2");
        }
        return Hex.decode(hex);
    }

    /** bitcoind's IsHex accepts only ASCII hex digits (Character.digit would also take other scripts' digits). */
    static boolean isAsciiHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) return false;
        }
        return true;
    }

    private BigInteger integer() throws RpcException {
        expect(JsonType.NUMBER);
        if (!value.isIntegralNumber()) {
            // UniValue::getInt parses the number's text as an integer; "1.5" or "1e3" do not parse.
            throw outOfRange();
        }
        return value.bigIntegerValue();
    }

    private RpcException outOfRange() {
        return new RpcException(RpcErrorCode.MISC_ERROR, "JSON integer out of range");
    }

    private void expect(JsonType type) throws RpcException {
        if (JsonType.of(value) != type) {
            throw RpcException.typeError(JsonType.mismatchMessage(value, type));
        }
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
