package dev.blocksmith.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteUnitsTest {
    @Test
    void unitsAsBitcoindsParseByteUnits() {
        assertThat(ByteUnits.parse("800M", ByteUnits.MIB)).contains(800L << 20);
        assertThat(ByteUnits.parse("1", ByteUnits.MIB)).contains(1L << 20);
        assertThat(ByteUnits.parse("0", ByteUnits.MIB)).contains(0L);
        assertThat(ByteUnits.parse("5k", ByteUnits.MIB)).contains(5_000L);
        assertThat(ByteUnits.parse("5K", ByteUnits.MIB)).contains(5_120L);
        assertThat(ByteUnits.parse("2g", ByteUnits.MIB)).contains(2_000_000_000L);
        assertThat(ByteUnits.parse("2G", ByteUnits.MIB)).contains(2L << 30);
        assertThat(ByteUnits.parse("3t", ByteUnits.KIB)).contains(3_000_000_000_000L);
        assertThat(ByteUnits.parse("3", ByteUnits.KIB)).contains(3_072L);
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", "abc", "M", "-1", "+1", " 1", "1.5M", "1MB", "1x", "99999999999999999999",
                "9223372036854775807K"}) {
            assertThat(ByteUnits.parse(bad, ByteUnits.MIB)).as(bad).isEqualTo(Optional.empty());
        }
    }
}
