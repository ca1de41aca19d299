package dev.blocksmith.core.primitives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * CompactSize decoding as bitcoind's ReadCompactSize: each value has one encoding, and a longer one is
 * refused with bitcoind's text, which net_processing logs and feature_block.py looks for ("bloated" b64a).
 */
class ByteReaderCompactSizeTest {

    @Test
    void readsCanonicalEncodings() {
        assertThat(new ByteReader(new byte[] {(byte) 0xfc}).compactSize()).isEqualTo(0xfc);
        assertThat(new ByteReader(new byte[] {(byte) 0xfd, (byte) 0xfd, 0x00}).compactSize()).isEqualTo(0xfd);
        assertThat(new ByteReader(new byte[] {(byte) 0xfe, 0x00, 0x00, 0x01, 0x00}).compactSize()).isEqualTo(0x10000);
    }

    @Test
    void refusesLongerEncodingsWithBitcoindsText() {
        byte[][] bloated = {
                {(byte) 0xfd, 0x01, 0x00},
                {(byte) 0xfe, (byte) 0xff, (byte) 0xff, 0x00, 0x00},
                {(byte) 0xff, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}};
        for (byte[] b : bloated) {
            assertThatThrownBy(() -> new ByteReader(b).compactSize())
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("non-canonical ReadCompactSize()");
        }
    }
}
