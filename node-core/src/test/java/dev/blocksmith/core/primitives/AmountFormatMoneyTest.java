package dev.blocksmith.core.primitives;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AmountFormatMoneyTest {
    @Test
    void trimsTrailingZerosDownToTwoDecimalsAsBitcoindsFormatMoney() {
        assertThat(Amount.ofSats(5_000_000_000L).formatMoney()).isEqualTo("50.00");
        assertThat(Amount.ofSats(10_000).formatMoney()).isEqualTo("0.0001");
        assertThat(Amount.ofSats(1).formatMoney()).isEqualTo("0.00000001");
        assertThat(Amount.ofSats(123_456_789L).formatMoney()).isEqualTo("1.23456789");
        assertThat(Amount.ofSats(-150_000_000L).formatMoney()).isEqualTo("-1.50");
        assertThat(Amount.ofSats(0).formatMoney()).isEqualTo("0.00");
    }

    @Test
    void btcStringIsThePlainTextOfTheBigDecimal() {
        long[] values = {0, 1, -1, 99_999_999, 100_000_000, -100_000_000, 123_456_789, -123_456_789, 5_000_000_000L,
                Amount.MAX_MONEY, -Amount.MAX_MONEY, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long sats : values) {
            assertThat(Amount.ofSats(sats).toBtcString()).as("%d sats", sats)
                    .isEqualTo(Amount.ofSats(sats).toBtc().toPlainString());
        }
        assertThat(Amount.ofSats(-1).toBtcString()).isEqualTo("-0.00000001");
        assertThat(Amount.ofSats(5_000_000_000L).toBtcString()).isEqualTo("50.00000000");
    }
}
