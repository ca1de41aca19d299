package dev.blocksmith.core.crypto;

/**
 * RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996), the outer hash of HASH160. Written as loops over the round tables
 * rather than the 160 unrolled steps of BouncyCastle's RIPEMD160Digest: compiling that straight-line method took the
 * C2 compiler about 22 MB of native arena memory, which the C library then kept (issue 13, the import's peak RSS);
 * this one compiles to a small graph, and HASH160 of a 33-byte key is one block either way.
 */
final class Ripemd160 {
    private static final int[] LEFT_WORD = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
        3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
        1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
        4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13};
    private static final int[] RIGHT_WORD = {
        5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
        6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
        15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
        8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
        12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11};
    private static final int[] LEFT_SHIFT = {
        11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
        7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
        11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
        11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
        9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6};
    private static final int[] RIGHT_SHIFT = {
        8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
        9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
        9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
        15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
        8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11};
    private static final int[] LEFT_K = {0x00000000, 0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xA953FD4E};
    private static final int[] RIGHT_K = {0x50A28BE6, 0x5C4DD124, 0x6D703EF3, 0x7A6D76E9, 0x00000000};

    private Ripemd160() {
    }

    static byte[] hash(byte[] data, int off, int len) {
        int[] h = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
        int[] x = new int[16];
        int full = len / 64;
        for (int b = 0; b < full; b++) {
            for (int i = 0; i < 16; i++) x[i] = littleEndianInt(data, off + b * 64 + i * 4);
            compress(h, x);
        }
        // Padding as MD4's: 0x80, zeros to 56 bytes mod 64, the length in bits as a little-endian 64-bit number.
        int rest = len - full * 64;
        byte[] tail = new byte[rest < 56 ? 64 : 128];
        System.arraycopy(data, off + full * 64, tail, 0, rest);
        tail[rest] = (byte) 0x80;
        long bits = (long) len * 8;
        for (int i = 0; i < 8; i++) tail[tail.length - 8 + i] = (byte) (bits >>> (8 * i));
        for (int b = 0; b < tail.length; b += 64) {
            for (int i = 0; i < 16; i++) x[i] = littleEndianInt(tail, b + i * 4);
            compress(h, x);
        }
        byte[] out = new byte[20];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) out[i * 4 + j] = (byte) (h[i] >>> (8 * j));
        }
        return out;
    }

    private static void compress(int[] h, int[] x) {
        int al = h[0], bl = h[1], cl = h[2], dl = h[3], el = h[4];
        int ar = al, br = bl, cr = cl, dr = dl, er = el;
        for (int j = 0; j < 80; j++) {
            int round = j >>> 4;
            int t = Integer.rotateLeft(al + f(round, bl, cl, dl) + x[LEFT_WORD[j]] + LEFT_K[round], LEFT_SHIFT[j]) + el;
            al = el;
            el = dl;
            dl = Integer.rotateLeft(cl, 10);
            cl = bl;
            bl = t;
            // The right line runs the rounds' functions in reverse order.
            t = Integer.rotateLeft(ar + f(4 - round, br, cr, dr) + x[RIGHT_WORD[j]] + RIGHT_K[round], RIGHT_SHIFT[j]) + er;
            ar = er;
            er = dr;
            dr = Integer.rotateLeft(cr, 10);
            cr = br;
            br = t;
        }
        int t = h[1] + cl + dr;
        h[1] = h[2] + dl + er;
        h[2] = h[3] + el + ar;
        h[3] = h[4] + al + br;
        h[4] = h[0] + bl + cr;
        h[0] = t;
    }

    private static int f(int round, int x, int y, int z) {
        return switch (round) {
            case 0 -> x ^ y ^ z;
            case 1 -> (x & y) | (~x & z);
            case 2 -> (x | ~y) ^ z;
            case 3 -> (x & z) | (y & ~z);
            default -> x ^ (y | ~z);
        };
    }

    private static int littleEndianInt(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
