package dev.blocksmith.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.rpc.RpcException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads BTC amounts from RPC arguments with bitcoind's AmountFromValue rules: a JSON number or a
 * decimal string, at most 8 decimals, within [0, MAX_MONEY]. Parsing goes through exact decimals so
 * {@code 0.1} is 10,000,000 satoshis and never 9,999,999.
 */
public final class AmountValues {
    /** bitcoind's ParseFixedPoint grammar: optional '-', no leading zeros, optional fraction and exponent. */
    private static final Pattern FIXED_POINT = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** ParseFixedPoint refuses fixed-point values of 18 or more digits (its 10^18 - 1 bound). */
    private static final BigDecimal FIXED_POINT_LIMIT = new BigDecimal("999999999999999999");

    private AmountValues() {}

    public static Amount fromJson(JsonNode value) throws RpcException {
        String text;
        if (value != null && value.isNumber()) {
            text = value.isBigDecimal() ? value.decimalValue().toString() : value.asText();
        } else if (value != null && value.isTextual()) {
            text = value.textValue();
        } else {
            throw RpcException.typeError("Amount is not a number or string");
        }
        return parseBtc(text);
    }

    /** Parses a decimal BTC string; errors carry bitcoind's codes and messages (all -3). */
    public static Amount parseBtc(String text) throws RpcException {
        if (!FIXED_POINT.matcher(text).matches()) {
            throw RpcException.typeError("Invalid amount");
        }
        BigDecimal sats;
        try {
            sats = new BigDecimal(text).movePointRight(8);
        } catch (NumberFormatException | ArithmeticException e) {
            // Exponents beyond int range: bitcoind's parser overflows on these too.
            throw RpcException.typeError("Invalid amount");
        }
        if (sats.signum() != 0 && sats.stripTrailingZeros().scale() > 0) {
            throw RpcException.typeError("Invalid amount");
        }
        if (sats.abs().compareTo(FIXED_POINT_LIMIT) > 0) {
            throw RpcException.typeError("Invalid amount");
        }
        long v = sats.longValueExact();
        if (!Amount.inMoneyRange(v)) {
            throw RpcException.typeError("Amount out of range");
        }
        return Amount.ofSats(v);
    }
}
