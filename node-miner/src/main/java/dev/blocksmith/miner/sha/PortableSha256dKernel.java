package dev.blocksmith.miner.sha;

import static dev.blocksmith.miner.sha.Sha256Constants.INT_BE;
import static dev.blocksmith.miner.sha.Sha256Constants.IV;

/**
 * Pure-Java kernel: the portable fallback when the JDK's accelerated SHA-256 compression cannot be
 * reached (see {@link IntrinsicSha256dKernel}). It produces exactly the same results, only slower.
 *
 * <p>Besides the midstate it skips the last three rounds of the final compression while scanning:
 * the most significant word of the result, H7 = IV7 + h, takes its h from register e as it stood
 * after round 60 (h at round 63 was g at 62, f at 61, e at 60), so rounds 61..63 cannot change it.
 */
final class PortableSha256dKernel implements Sha256dKernel {
    /** Round constants K (FIPS 180-4 section 4.2.2). */
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    };
    /** Rounds needed to know e as it stood after round 60, which becomes h of the final state. */
    private static final int ROUNDS_FOR_TOP_WORD = 61;

    private final int[] midstate = new int[8];
    private final int[] state = new int[8];
    private final int[] w = new int[64];
    private int merkleTail;
    private int time;
    private int bits;

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public void load(byte[] header80) {
        if (header80.length != 80) throw new IllegalArgumentException("header must be 80 bytes");
        for (int i = 0; i < 16; i++) {
            w[i] = (int) INT_BE.get(header80, 4 * i);
        }
        System.arraycopy(IV, 0, midstate, 0, 8);
        compress(midstate, w, 64);
        merkleTail = (int) INT_BE.get(header80, 64);
        time = (int) INT_BE.get(header80, 68);
        bits = (int) INT_BE.get(header80, 72);
    }

    @Override
    public long scan(int firstNonce, int count, int topWordLimit) {
        for (int i = 0; i < count; i++) {
            int nonce = firstNonce + i;
            firstHash(nonce);
            prepareSecondChunk();
            System.arraycopy(IV, 0, state, 0, 8);
            int e = compress(state, w, ROUNDS_FOR_TOP_WORD);
            int topWord = Integer.reverseBytes(IV[7] + e);
            if (Integer.compareUnsigned(topWord, topWordLimit) <= 0) {
                return Integer.toUnsignedLong(nonce);
            }
        }
        return -1;
    }

    @Override
    public void hash(int nonce, byte[] out32) {
        firstHash(nonce);
        prepareSecondChunk();
        System.arraycopy(IV, 0, state, 0, 8);
        compress(state, w, 64);
        for (int i = 0; i < 8; i++) {
            INT_BE.set(out32, 4 * i, state[i]);
        }
    }

    /** Leaves SHA-256(header) in {@code state}: the midstate compressed with the second chunk. */
    private void firstHash(int nonce) {
        int[] m = w;
        m[0] = merkleTail;
        m[1] = time;
        m[2] = bits;
        // The nonce is little-endian in the header; the schedule reads big-endian words.
        m[3] = Integer.reverseBytes(nonce);
        m[4] = 0x80000000;
        for (int i = 5; i < 15; i++) m[i] = 0;
        m[15] = 640;
        System.arraycopy(midstate, 0, state, 0, 8);
        compress(state, m, 64);
    }

    /** The first hash as a 32-byte message: eight words, terminator, length 256 bits. */
    private void prepareSecondChunk() {
        int[] m = w;
        System.arraycopy(state, 0, m, 0, 8);
        m[8] = 0x80000000;
        for (int i = 9; i < 15; i++) m[i] = 0;
        m[15] = 256;
    }

    /**
     * Runs the first {@code rounds} rounds over message words {@code m[0..15]} (expanding the
     * schedule in place). With all 64 rounds the result is added into {@code h}, completing the
     * compression; with fewer, {@code h} is left untouched. Returns register e after the last round.
     */
    private static int compress(int[] h, int[] m, int rounds) {
        for (int t = 16; t < rounds; t++) {
            int x = m[t - 15];
            int y = m[t - 2];
            int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
            m[t] = m[t - 16] + s0 + m[t - 7] + s1;
        }
        int a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int t = 0; t < rounds; t++) {
            int t1 = hh + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + K[t] + m[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        if (rounds == 64) {
            h[0] += a;
            h[1] += b;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += hh;
        }
        return e;
    }
}
