package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.params.Networks;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PermittedDifficultyTransitionTest {
    private final HeaderPresync mainnet = new HeaderPresync(Networks.MAIN,
            new ChainBackend.HeaderEntry(Networks.MAIN.genesis().header(), 0, Difficulty.work(0x1d00ffffL)),
            Networks.MAIN.minimumChainWork(), new byte[16]);

    private static long scaled(long bits, int num, int den) {
        BigInteger t = Difficulty.decodeCompact(bits).multiply(BigInteger.valueOf(num)).divide(BigInteger.valueOf(den));
        return Difficulty.encodeCompact(t);
    }

    @Test
    void betweenRetargetsBitsMustNotChange() {
        long bits = 0x1b0404cbL;
        assertThat(mainnet.permittedDifficultyTransition(2017, bits, bits)).isTrue();
        assertThat(mainnet.permittedDifficultyTransition(2017, bits, scaled(bits, 1, 2))).isFalse();
    }

    @Test
    void retargetsAreBoundedByAFactorOfFour() {
        long bits = 0x1b0404cbL;
        assertThat(mainnet.permittedDifficultyTransition(4032, bits, scaled(bits, 4, 1))).isTrue();
        assertThat(mainnet.permittedDifficultyTransition(4032, bits, scaled(bits, 1, 4))).isTrue();
        assertThat(mainnet.permittedDifficultyTransition(4032, bits, scaled(bits, 5, 1))).isFalse();
        assertThat(mainnet.permittedDifficultyTransition(4032, bits, scaled(bits, 1, 5))).isFalse();
        // Easier than the proof-of-work limit is never allowed.
        assertThat(mainnet.permittedDifficultyTransition(4032, 0x1d00ffffL, 0x1d03fffcL)).isFalse();
    }

    @Test
    void minimumDifficultyNetworksPermitAnything() {
        HeaderPresync testnet = new HeaderPresync(Networks.TESTNET4,
                new ChainBackend.HeaderEntry(Networks.TESTNET4.genesis().header(), 0, BigInteger.ONE),
                Networks.TESTNET4.minimumChainWork(), new byte[16]);
        assertThat(testnet.permittedDifficultyTransition(5, 0x1c00ffffL, 0x1d00ffffL)).isTrue();
    }
}
