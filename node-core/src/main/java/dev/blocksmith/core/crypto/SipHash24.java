package dev.blocksmith.core.crypto;

import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SipHash-2-4 with a 128-bit key given as two 64-bit words, as bitcoind's CSipHasher(k0, k1) takes it: the key
 * bytes are k0 then k1, each little-endian. BIP158 keys its filters with it. BouncyCastle does the hashing.
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

    private static byte[] key(long k0, long k1) {
        byte[] key = new byte[16];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (k0 >>> (8 * i));
            key[8 + i] = (byte) (k1 >>> (8 * i));
        }
        return key;
    }
}
