package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import dev.blocksmith.core.primitives.Amount;
import java.io.IOException;

/**
 * Amounts written into a JSON reply as bitcoind's ValueFromAmount does: BTC with exactly eight decimals. Into a UTF-8
 * reply the digits go as text, without a BigDecimal for each of the thousands of values a full block's getblock has.
 */
final class JsonAmount {
    private JsonAmount() {
    }

    static void writeField(JsonGenerator out, String name, long sats) throws IOException {
        out.writeFieldName(name);
        Amount amount = Amount.ofSats(sats);
        if (out instanceof UTF8JsonGenerator) {
            out.writeNumber(amount.toBtcString());
        } else {
            // The token buffer behind a tree keeps the number as a number.
            out.writeNumber(amount.toBtc());
        }
    }
}
