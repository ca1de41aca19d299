package dev.blocksmith.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DifficultyTest {
    /**
     * Real mainnet retargets: (bits of the period's last block, its time, time of the period's first
     * block) -> the bits of the next period, as found in the chain (heights 32256, 2016, 68544, 46368).
     */
    @ParameterizedTest(name = "retarget {0}")
    @CsvSource({
        "32256, 1d00ffff, 1262152739, 1261130161, 1d00d86a",
        "2016,  1d00ffff, 1233061996, 1231006505, 1d00ffff",
        "68544, 1c05a3f4, 1279297671, 1279008237, 1c0168fd",
        "46368, 1c387f6f, 1269211443, 1263163443, 1d00e1fd"
    })
    void mainnetRetargetsMatchTheChain(int height, String lastBits, long lastTime, long firstTime, String expected) {
        long bits = Long.parseLong(lastBits, 16);
        long got = DifficultyCalculator.retarget(bits, bits, lastTime - firstTime, Networks.MAIN);
        assertThat(Long.toHexString(got)).isEqualTo(expected);
    }

    @Test
    void difficultyOfTheFirstRetarget() {
        assertThat(Difficulty.difficulty(0x1d00d86aL)).isEqualTo(1.1828995343128408);
        assertThat(Difficulty.difficulty(0x1d00ffffL)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource({
        // Core's arith_uint256 SetCompact/GetCompact cases: bits, decoded hex, negative, overflow, re-encoded
        "00000000, 0, false, false, 0",
        "00123456, 0, false, false, 0",
        "01003456, 0, false, false, 0",
        "02000056, 0, false, false, 0",
        "03000000, 0, false, false, 0",
        "04000000, 0, false, false, 0",
        "00923456, 0, false, false, 0",
        "01803456, 0, false, false, 0",
        "02800056, 0, false, false, 0",
        "03800000, 0, false, false, 0",
        "04800000, 0, false, false, 0",
        "01123456, 12, false, false, 1120000",
        "01fedcba, 7e, true, false, 17e0000",
        "02123456, 1234, false, false, 2123400",
        "03123456, 123456, false, false, 3123456",
        "04123456, 12345600, false, false, 4123456",
        "05009234, 92340000, false, false, 5009234",
        "20123456, 1234560000000000000000000000000000000000000000000000000000000000, false, false, 20123456",
        "ff123456, 0, false, true, 0"
    })
    void compactEncodingFollowsCore(String bitsHex, String targetHex, boolean negative, boolean overflow, String reencoded) {
        Difficulty.Compact c = Difficulty.decode(Long.parseLong(bitsHex, 16));
        assertThat(c.negative()).isEqualTo(negative);
        assertThat(c.overflow()).isEqualTo(overflow);
        if (!overflow) {
            assertThat(c.target().toString(16)).isEqualTo(targetHex);
            // The negative flag is not re-encoded from a BigInteger magnitude; compare the magnitude form.
            if (!negative) assertThat(Long.toHexString(Difficulty.encodeCompact(c.target()))).isEqualTo(reencoded);
        }
    }

    @Test
    void powLimitRoundTrips() {
        assertThat(Difficulty.encodeCompact(Networks.MAIN.powLimit())).isEqualTo(0x1d00ffffL);
        assertThat(Difficulty.encodeCompact(Networks.REGTEST.powLimit())).isEqualTo(0x207fffffL);
        assertThat(Difficulty.encodeCompact(Networks.SIGNET.powLimit())).isEqualTo(0x1e0377aeL);
    }

    @Test
    void targetsAboveTheLimitOrZeroAreInvalid() {
        assertThat(Difficulty.validTarget(0x1d00ffffL, Networks.MAIN.powLimit())).isNotNull();
        assertThat(Difficulty.validTarget(0x1d01ffffL, Networks.MAIN.powLimit())).isNull();
        assertThat(Difficulty.validTarget(0x1d000000L, Networks.MAIN.powLimit())).isNull();
        assertThat(Difficulty.validTarget(0x1d80ffffL, Networks.MAIN.powLimit())).isNull();
        assertThat(Difficulty.work(0x1d00ffffL)).isEqualTo(new BigInteger("100010001", 16));
    }

    @Test
    void bip94RetargetUsesTheFirstBlockOfThePeriodAsBase() {
        // A period whose last block was a min-difficulty block: with BIP94 the base is the first block's
        // real target, so the storm of easy blocks cannot drag the difficulty down.
        long real = 0x1c0168fdL;
        long easy = 0x1d00ffffL;
        long bip94 = DifficultyCalculator.retarget(easy, real, 1209600, Networks.TESTNET4);
        long legacy = DifficultyCalculator.retarget(easy, real, 1209600, Networks.MAIN);
        assertThat(bip94).isEqualTo(real);
        assertThat(legacy).isEqualTo(easy);
    }
}
