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
}
