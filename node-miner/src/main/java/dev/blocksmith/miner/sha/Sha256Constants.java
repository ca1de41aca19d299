package dev.blocksmith.miner.sha;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** FIPS 180-4 constants and the fixed padding of the two chunks a header nonce touches. */
final class Sha256Constants {
    /** Initial hash value H(0) (FIPS 180-4 section 5.3.3). */
    static final int[] IV = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };

    static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Offset of the nonce inside the second 64-byte chunk of the header (header byte 76). */
    static final int NONCE_OFFSET_IN_CHUNK = 12;

    private Sha256Constants() {
    }

    /**
     * The second chunk of an 80-byte message: header bytes 64..79, then the 0x80 terminator and the
     * message length of 640 bits in the last 8 bytes (FIPS 180-4 section 5.1.1).
     */
    static byte[] secondChunk(byte[] header80) {
        byte[] chunk = new byte[64];
        System.arraycopy(header80, 64, chunk, 0, 16);
        chunk[16] = (byte) 0x80;
        chunk[62] = (byte) (640 >>> 8);
        chunk[63] = (byte) 640;
        return chunk;
    }

    /** The single chunk of a 32-byte message: room for the first hash, terminator, length 256 bits. */
    static byte[] hashChunk() {
        byte[] chunk = new byte[64];
        chunk[32] = (byte) 0x80;
        chunk[62] = (byte) (256 >>> 8);
        chunk[63] = (byte) 256;
        return chunk;
    }
}
