package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import java.math.MathContext;

/** Floating-point values (difficulty, progress) with the 16 significant digits bitcoind prints. */
public final class JsonNumbers {
    private static final MathContext SIXTEEN_DIGITS = new MathContext(16);

    private JsonNumbers() {}

    /**
     * UniValue writes doubles with {@code setprecision(16)}; the same digits as an exact decimal
     * (Jackson writes it in plain notation, which parses to the same double).
     */
    public static JsonNode ofDouble(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        BigDecimal d = new BigDecimal(value).round(SIXTEEN_DIGITS).stripTrailingZeros();
        if (d.scale() < 0) d = d.setScale(0);
        return DecimalNode.valueOf(d);
    }
}
