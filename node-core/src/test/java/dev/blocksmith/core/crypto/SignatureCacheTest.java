package dev.blocksmith.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignatureCacheTest {
    @Test
    void remembersOnlyWhatWasAddedAndKeepsKindsApart() {
        SignatureCache c = new SignatureCache(10);
        byte[] h = new byte[32];
        byte[] p = {2, 1};
        byte[] s = {3};
        c.addEcdsa(h, p, s);
        assertThat(c.containsEcdsa(h, p, s)).isTrue();
        assertThat(c.containsSchnorr(h, p, s)).isFalse();
        assertThat(c.containsEcdsa(h, p, new byte[] {4})).isFalse();
        h[0] = 1;
        assertThat(c.containsEcdsa(h, p, s)).isFalse();
    }

    @Test
    void staysWithinItsBound() {
        SignatureCache c = new SignatureCache(100);
        for (int i = 0; i < 1000; i++) c.addSchnorr(Hashes.sha256(new byte[] {(byte) i, (byte) (i >> 8)}), new byte[32], new byte[64]);
        assertThat(c.size()).isLessThanOrEqualTo(100);
    }
}
