package dev.blocksmith.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MuHash3072Test {
    /** Core's FromInt(i): the set holding the one 32-byte element {i, 0, 0, ...}. */
    private static byte[] element(int i) {
        byte[] e = new byte[32];
        e[0] = (byte) i;
        return e;
    }

    private static MuHash3072 fromInt(int i) {
        return new MuHash3072().insert(element(i));
    }

    @Test
    void coreCryptoTestVector() {
        // Bitcoin Core src/test/crypto_tests.cpp, muhash_tests: FromInt(0) *= FromInt(1), /= FromInt(2).
        String expected = "10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863";
        assertThat(fromInt(0).combine(fromInt(1)).difference(fromInt(2)).digest().toHex()).isEqualTo(expected);
        assertThat(fromInt(0).insert(element(1)).remove(element(2)).digest().toHex()).isEqualTo(expected);
    }

    @Test
    void orderDoesNotMatterAndRemovalCancels() {
        Random rnd = new Random(7);
        List<byte[]> elements = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] e = new byte[rnd.nextInt(80) + 1];
            rnd.nextBytes(e);
            elements.add(e);
        }
        MuHash3072 forward = new MuHash3072();
        elements.forEach(forward::insert);
        MuHash3072 backward = new MuHash3072();
        for (int i = elements.size() - 1; i >= 0; i--) backward.insert(elements.get(i));
        assertThat(forward.digest()).isEqualTo(backward.digest());

        MuHash3072 emptied = new MuHash3072();
        elements.forEach(emptied::insert);
        elements.forEach(emptied::remove);
        assertThat(emptied.digest()).isEqualTo(new MuHash3072().digest());
        assertThat(forward.digest()).isNotEqualTo(new MuHash3072().digest());
    }

    @Test
    void elementsReduceBelowTheModulus() {
        assertThat(MuHash3072.toNum3072(element(3)).bitLength()).isLessThanOrEqualTo(3072);
        assertThat(MuHash3072.toNum3072(element(3))).isNotEqualTo(MuHash3072.toNum3072(element(4)));
    }

    @Test
    void aSavedStateResumesTheSameSet() {
        MuHash3072 set = new MuHash3072().insert(element(1)).insert(element(2)).remove(element(1));
        MuHash3072 resumed = MuHash3072.fromState(set.state());
        assertThat(resumed.digest()).isEqualTo(set.digest());
        resumed.insert(element(5)).remove(element(2));
        assertThat(resumed.digest()).isEqualTo(new MuHash3072().insert(element(5)).digest());
    }

    @Test
    void foldingReductionAgreesWithDivision() {
        Random rnd = new Random(11);
        java.math.BigInteger top = MuHash3072.MODULUS.subtract(java.math.BigInteger.ONE);
        List<java.math.BigInteger> edge = List.of(java.math.BigInteger.ZERO, MuHash3072.MODULUS, top.multiply(top),
                java.math.BigInteger.ONE.shiftLeft(3072).subtract(java.math.BigInteger.ONE).pow(2).mod(MuHash3072.MODULUS.pow(2)));
        for (java.math.BigInteger x : edge) assertThat(MuHash3072.reduce(x)).isEqualTo(x.mod(MuHash3072.MODULUS));
        for (int i = 0; i < 500; i++) {
            java.math.BigInteger a = new java.math.BigInteger(3072, rnd);
            java.math.BigInteger b = new java.math.BigInteger(3072, rnd);
            assertThat(MuHash3072.reduce(a.multiply(b))).isEqualTo(a.multiply(b).mod(MuHash3072.MODULUS));
        }
    }
}
