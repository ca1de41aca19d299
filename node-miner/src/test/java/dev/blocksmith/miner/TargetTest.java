package dev.blocksmith.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void mainnetGenesisMeetsItsTargetAndTopWordIsZero() {
        Target t = Target.fromCompact(0x1d00ffffL);
        assertThat(t.value()).isEqualTo(BigInteger.valueOf(0xffff).shiftLeft(208));
        assertThat(t.topWord()).isZero();
        assertThat(t.isMetBy(Networks.MAIN.genesisHash().bytes())).isTrue();
    }

    @Test
    void hashEqualToTargetMeetsItAndOneMoreDoesNot() {
        BigInteger v = BigInteger.valueOf(0x7fffff).shiftLeft(232).add(BigInteger.valueOf(0x1234));
        Target t = Target.of(v);
        assertThat(t.topWord()).isEqualTo(0x7fffff00);
        assertThat(t.isMetBy(littleEndian(v))).isTrue();
        assertThat(t.isMetBy(littleEndian(v.add(BigInteger.ONE)))).isFalse();
        assertThat(t.isMetBy(littleEndian(v.subtract(BigInteger.ONE)))).isTrue();
    }

    @Test
    void agreesWithCheckProofOfWorkOnRandomHashes() {
        SplittableRandom random = new SplittableRandom(3);
        long bits = 0x2000ffffL;
        Target t = Target.fromCompact(bits);
        BigInteger powLimit = BigInteger.ONE.shiftLeft(255);
        byte[] targetBytes = littleEndian(t.value());
        int met = 0;
        for (int i = 0; i < 5000; i++) {
            // Mostly the target's own bytes with a few random ones, so both outcomes and ties occur.
            byte[] h = targetBytes.clone();
            for (int j = 0; j < 32; j++) {
                if (random.nextInt(10) == 0) h[j] = (byte) random.nextInt(256);
            }
            boolean expected = Difficulty.checkProofOfWork(Sha256Hash.wrap(h), bits, powLimit);
            assertThat(t.isMetBy(h)).isEqualTo(expected);
            if (expected) met++;
        }
        assertThat(met).isBetween(500, 4500);
    }

    @Test
    void rejectsUnusableCompactTargets() {
        assertThatThrownBy(() -> Target.fromCompact(0x01800000L | 0x01000001L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.fromCompact(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.fromCompact(0xff123456L)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] littleEndian(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < be.length && i < 32; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
