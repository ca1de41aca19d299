package dev.blocksmith.core.crypto;

import dev.blocksmith.core.primitives.Sha256Hash;
import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SipHash-2-4 with a 128-bit key given as two 64-bit words, as bitcoind's CSipHasher(k0, k1) takes it: the key
 * bytes are k0 then k1, each little-endian. BIP158 keys its filters with it; BouncyCastle does that hashing.
 * BIP152's short transaction ids hash every mempool wtxid for each compact block, so {@link #hashUint256} is a
 * 32-byte specialisation (bitcoind's SipHashUint256) written out here without allocation; the reference vectors of
 * the SipHash paper (Aumasson and Bernstein, 2012, appendix A / siphash24.c) check both.
 */
public final class SipHash24 {
    private SipHash24() {}

    public static long hash(long k0, long k1, byte[] data) {
        return hash(k0, k1, data, 0, data.length);
    }

    public static long hash(long k0, long k1, byte[] data, int off, int len) {
        SipHash mac = new SipHash(2, 4);
        mac.init(new KeyParameter(key(k0, k1)));
        mac.update(data, off, len);
        return mac.doFinal();
    }

    /**
     * SipHash-2-4 of a 32-byte hash in its internal byte order (bitcoind's SipHashUint256): the same value as
     * {@link #hash(long, long, byte[])} of those 32 bytes.
     */
    public static long hashUint256(long k0, long k1, Sha256Hash value) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        for (int word = 0; word < 4; word++) {
            long m = 0;
            for (int i = 7; i >= 0; i--) m = (m << 8) | (value.byteAt(word * 8 + i) & 0xffL);
            v3 ^= m;
            // Two compression rounds per message word (the "2" of SipHash-2-4).
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        // The final block: no message bytes left, only the length (32) in the top byte.
        long last = 32L << 56;
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        // Four finalisation rounds (the "4").
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static byte[] key(long k0, long k1) {
        byte[] key = new byte[16];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (k0 >>> (8 * i));
            key[8 + i] = (byte) (k1 >>> (8 * i));
        }
        return key;
    }
}
