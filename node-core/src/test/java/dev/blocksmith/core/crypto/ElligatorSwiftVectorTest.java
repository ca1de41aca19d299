package dev.blocksmith.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * BIP324's ElligatorSwift vectors: every row of ellswift_decode_test_vectors.csv (64 bytes to x) and every case of
 * every row of xswiftec_inv_test_vectors.csv (t for each of the 8 cases, or none), plus round trips of fresh keys.
 */
class ElligatorSwiftVectorTest {
    private static List<String[]> rows(String resource) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = ElligatorSwiftVectorTest.class.getResourceAsStream(resource)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n");
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) rows.add(lines[i].split(",", -1));
            }
        }
        return rows;
    }

    @Test
    void everyDecodeVector() throws IOException {
        List<String[]> rows = rows("/vectors/bips/bip324-ellswift_decode_test_vectors.csv");
        assertThat(rows).hasSize(76);
        for (String[] r : rows) {
            assertThat(Hex.encode(ElligatorSwift.decode(Hex.decode(r[0])))).as(r[2]).isEqualTo(r[1]);
        }
    }

    @Test
    void everyInverseVector() throws IOException {
        List<String[]> rows = rows("/vectors/bips/bip324-xswiftec_inv_test_vectors.csv");
        assertThat(rows).hasSize(32);
        int cases = 0;
        for (String[] r : rows) {
            BigInteger u = new BigInteger(r[0], 16);
            BigInteger x = new BigInteger(r[1], 16);
            for (int c = 0; c < 8; c++) {
                String expected = r[2 + c];
                Optional<BigInteger> t = ElligatorSwift.inverse(x, u, c);
                if (expected.isEmpty()) {
                    assertThat(t).as("u=%s case %d: %s", r[0], c, r[10]).isEmpty();
                } else {
                    assertThat(t).as("u=%s case %d: %s", r[0], c, r[10]).isPresent();
                    assertThat(Hex.encode(ElligatorSwift.toBytes32(t.get()))).as("u=%s case %d", r[0], c).isEqualTo(expected);
                    // and the forward map takes (u, t) back to x
                    assertThat(ElligatorSwift.xSwiftEc(u.mod(ElligatorSwift.P), t.get())).isEqualTo(x);
                }
                cases++;
            }
        }
        assertThat(cases).isEqualTo(256);
    }

    @Test
    void freshKeysDecodeToTheirPublicKey() {
        for (int i = 0; i < 20; i++) {
            ElligatorSwift.KeyPair k = ElligatorSwift.createKeyPair();
            byte[] pub = Secp256k1Verifier.library().pubkeyCreate(k.privateKey());
            assertThat(Hex.encode(ElligatorSwift.decode(k.encoded()))).isEqualTo(Hex.encode(java.util.Arrays.copyOfRange(pub, 1, 33)));
        }
    }

    @Test
    void bothSidesOfAnExchangeAgree() {
        ElligatorSwift.KeyPair a = ElligatorSwift.createKeyPair();
        ElligatorSwift.KeyPair b = ElligatorSwift.createKeyPair();
        assertThat(ElligatorSwift.xOnlyEcdh(b.encoded(), a.privateKey())).isEqualTo(ElligatorSwift.xOnlyEcdh(a.encoded(), b.privateKey()));
    }

    @Test
    void encodingIsRandomised() {
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(Secp256k1Verifier.library().pubkeyCreate(ElligatorSwift.createKeyPair().privateKey()), 1, 33));
        SecureRandom random = new SecureRandom();
        assertThat(ElligatorSwift.encode(x, random)).isNotEqualTo(ElligatorSwift.encode(x, random));
    }
}
