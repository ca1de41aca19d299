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
import java.util.Optional;

/**
 * One argument of a call, or one field of an options object, with typed accessors that fail the way
 * bitcoind's UniValue getters do: a value of the wrong JSON type is a type error (-3, "JSON value of
 * type string is not of expected type number"), a non-integral or too large number is "JSON integer
 * out of range" (-1).
 *
 * <p>An argument read through {@link RpcRequest#arg} carries its declaration: when the caller left it
 * out (or passed null) the accessors read the declared literal default, as bitcoind's
 * {@code RPCHelpMan::Arg} does. The {@code ...Or} accessors supply a default the method computes
 * itself; for a declared argument they are allowed only where the declaration says the default is
 * computed ({@link RpcParamSpec#withHint}), so no default is written twice. Options-object fields
 * have no declaration and take their defaults from the {@code ...Or} accessors.
 */
public final class RpcParam {
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final String name;
    /** What the caller passed (JSON null when absent). */
    private final JsonNode given;
    /** What the accessors read: the given value, or the declared default when none was given. */
    private final JsonNode value;
    /** The declaration, for an argument of the call; empty for an options-object field. */
    private final Optional<RpcParamSpec> spec;

    /** An options-object field (or other undeclared value) under a name used in messages. */
    public RpcParam(String name, JsonNode value) {
        this.name = name;
        this.given = value == null || value.isMissingNode() ? NullNode.getInstance() : value;
        this.value = this.given;
        this.spec = Optional.empty();
    }

    /** A declared argument: absent or null reads as the declared literal default, if there is one. */
    RpcParam(RpcParamSpec spec, JsonNode value) {
        this.name = spec.name();
        this.given = value == null || value.isMissingNode() ? NullNode.getInstance() : value;
        this.value = given.isNull() ? spec.defaultValue().orElse(given) : given;
        this.spec = Optional.of(spec);
    }

    /** The declared name, used in messages such as "blockhash must be of length 64". */
    public String name() {
        return name;
    }

    /** The JSON value: what the caller passed, else the declared default, else JSON null. */
    public JsonNode json() {
        return value;
    }

    /**
     * Exactly what the caller passed, JSON null when absent, without the declared default: for bitcoind code
     * that moves raw arguments elsewhere (send's fee arguments folded into its options object).
     */
    public JsonNode given() {
        return given;
    }

    /**
     * Whether the caller left the argument out or passed null (bitcoind's {@code request.params[i].isNull()}),
     * whatever the declared default; for arguments whose absence means something of its own.
     */
    public boolean isNull() {
        return given.isNull();
    }

    /** Whether the caller passed a non-null value. */
    public boolean isPresent() {
        return !given.isNull();
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
        return computedFallback() ? fallback : asInt();
    }

    public long asLong() throws RpcException {
        BigInteger v = integer();
        if (v.compareTo(LONG_MIN) < 0 || v.compareTo(LONG_MAX) > 0) {
            throw outOfRange();
        }
        return v.longValue();
    }

    public long asLongOr(long fallback) throws RpcException {
        return computedFallback() ? fallback : asLong();
    }

    public String asString() throws RpcException {
        expect(JsonType.STRING);
        return value.textValue();
    }

    public String asStringOr(String fallback) throws RpcException {
        return computedFallback() ? fallback : asString();
    }

    public boolean asBool() throws RpcException {
        expect(JsonType.BOOL);
        return value.booleanValue();
    }

    public boolean asBoolOr(boolean fallback) throws RpcException {
        return computedFallback() ? fallback : asBool();
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

    /**
     * Whether an {@code ...Or} accessor's fallback applies: the argument is absent. A declared argument
     * must say its default is computed in code; a literal default belongs in the declaration.
     */
    private boolean computedFallback() {
        if (spec.isPresent() && !spec.get().computedDefault()) {
            throw new IllegalStateException("argument " + name + " declares " + spec.get().defaultHint()
                    .map(h -> "the default " + h + "; read it without a fallback")
                    .orElse("no default; declare one (withDefault or withHint) or test isPresent()"));
        }
        return isNull();
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
