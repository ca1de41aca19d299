package dev.blocksmith.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.junit.jupiter.api.Test;

class Ripemd160Test {
    private static String hex(String ascii) {
        return HexFormat.of().formatHex(Ripemd160.digest(ascii.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theAuthorsTestVectors() {
        assertThat(hex("")).isEqualTo("9c1185a5c5e9fc54612808977ee8f548b2258d31");
        assertThat(hex("a")).isEqualTo("0bdc9d2d256b3ee9daae347be6f4dc835a467ffe");
        assertThat(hex("abc")).isEqualTo("8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
        assertThat(hex("message digest")).isEqualTo("5d0689ef49d2fae572b881b123a85ffa21595f36");
        assertThat(hex("abcdefghijklmnopqrstuvwxyz")).isEqualTo("f71c27109c692c1b56bbdceb5b9d2865b3708dbc");
        assertThat(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                .isEqualTo("12a053384a9c0c88e405a06c27dcf49ada62eb2b");
        assertThat(hex("1234567890".repeat(8))).isEqualTo("9b752e45573d4b39f4dbd3323cab82bf63326bfb");
        assertThat(hex("a".repeat(1_000_000))).isEqualTo("52783243c1697bdbe16d37f97f68f08325dc1528");
    }

    @Test
    void everyLengthAroundTheBlockAndPaddingBoundariesMatchesBouncyCastle() {
        Random random = new Random(160);
        for (int length = 0; length <= 600; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            RIPEMD160Digest reference = new RIPEMD160Digest();
            reference.update(data, 0, length);
            byte[] expected = new byte[20];
            reference.doFinal(expected, 0);
            assertThat(Ripemd160.digest(data)).as("length %d", length).isEqualTo(expected);
        }
    }
}
