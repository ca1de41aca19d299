package dev.blocksmith.rpc.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AmountValuesTest {
    private static JsonNode number(String text) {
        return RpcJson.parse(text).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0", "1, 100000000", "0.1, 10000000", "0.00000001, 1", "50.00000000, 5000000000",
            "1e-8, 1", "1E+2, 10000000000", "0.100000000000, 10000000", "21000000, 2100000000000000",
            "20999999.99999999, 2099999999999999"})
    void parsesNumbersAndStringsExactly(String text, long sats) throws RpcException {
        assertThat(AmountValues.fromJson(number(text))).isEqualTo(Amount.ofSats(sats));
        assertThat(AmountValues.fromJson(TextNode.valueOf(text))).isEqualTo(Amount.ofSats(sats));
    }

    @ParameterizedTest
    @CsvSource({"0.000000001", "1.123456789", "1e-9", "abc", "'1,0'", "+1", "01", "1.", ".5", "' 1'", "1e", "''",
            "100000000000", "1e100"})
    void rejectsInvalidAmounts(String text) {
        assertThatThrownBy(() -> AmountValues.fromJson(TextNode.valueOf(text)))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.TYPE_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Invalid amount");
                });
    }

    @ParameterizedTest
    @CsvSource({"-1", "-0.00000001", "21000000.00000001", "99999999"})
    void rejectsOutOfRange(String text) {
        assertThatThrownBy(() -> AmountValues.fromJson(number(text)))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.TYPE_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Amount out of range");
                });
    }

    @Test
    void rejectsOtherJsonTypes() {
        assertThatThrownBy(() -> AmountValues.fromJson(BooleanNode.TRUE))
                .hasMessage("Amount is not a number or string");
    }

    @Test
    void writesAmountsWithEightDecimals() {
        assertThat(RpcJson.write(RpcJson.amount(Amount.ofBtc(50)))).isEqualTo("50.00000000");
        assertThat(RpcJson.write(RpcJson.amount(Amount.ofSats(1)))).isEqualTo("0.00000001");
        assertThat(RpcJson.write(RpcJson.amount(Amount.ZERO))).isEqualTo("0.00000000");
        assertThat(RpcJson.write(RpcJson.amount(Amount.ofSats(-12345)))).isEqualTo("-0.00012345");
    }

    @Test
    void keepsParsedNumberDigits() {
        JsonNode n = RpcJson.parse("{\"a\":0.10000000,\"b\":12345678901234567890}").orElseThrow();
        assertThat(RpcJson.write(n)).isEqualTo("{\"a\":0.10000000,\"b\":12345678901234567890}");
    }
}
