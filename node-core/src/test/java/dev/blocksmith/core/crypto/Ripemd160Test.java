package dev.blocksmith.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.junit.jupiter.api.Test;

class Ripemd160Test {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String of(String ascii) {
        return hex(Hashes.ripemd160(ascii.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theAuthorsTestVectors() {
        assertThat(of("")).isEqualTo("9c1185a5c5e9fc54612808977ee8f548b2258d31");
        assertThat(of("a")).isEqualTo("0bdc9d2d256b3ee9daae347be6f4dc835a467ffe");
        assertThat(of("abc")).isEqualTo("8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
        assertThat(of("message digest")).isEqualTo("5d0689ef49d2fae572b881b123a85ffa21595f36");
        assertThat(of("abcdefghijklmnopqrstuvwxyz")).isEqualTo("f71c27109c692c1b56bbdceb5b9d2865b3708dbc");
        assertThat(of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                .isEqualTo("12a053384a9c0c88e405a06c27dcf49ada62eb2b");
        assertThat(of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
                .isEqualTo("b0e20b6e3116640286ed3a87a5713079b21f5189");
        assertThat(of("1234567890".repeat(8))).isEqualTo("9b752e45573d4b39f4dbd3323cab82bf63326bfb");
        assertThat(of("a".repeat(1_000_000))).isEqualTo("52783243c1697bdbe16d37f97f68f08325dc1528");
    }

    @Test
    void agreesWithBouncyCastleAtEveryLengthAroundTheBlockBoundaries() {
        Random random = new Random(160);
        for (int len = 0; len < 300; len++) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            RIPEMD160Digest d = new RIPEMD160Digest();
            d.update(data, 0, len);
            byte[] expected = new byte[20];
            d.doFinal(expected, 0);
            assertThat(Hashes.ripemd160(data)).as("length %d", len).isEqualTo(expected);
        }
    }

    @Test
    void hash160OfACompressedKey() {
        // BIP143's example P2WPKH key 025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357 hashes to the
        // program 1d0f172a0ecb48aee1be1f2687d2963ae33f71a1.
        byte[] key = HexFormat.of().parseHex("025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357");
        assertThat(hex(Hashes.hash160(key))).isEqualTo("1d0f172a0ecb48aee1be1f2687d2963ae33f71a1");
    }
}
