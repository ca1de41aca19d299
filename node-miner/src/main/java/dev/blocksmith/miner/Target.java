package dev.blocksmith.miner;

import dev.blocksmith.core.consensus.Difficulty;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A 256-bit proof-of-work target: a header hash, read as a little-endian number, meets it when it is
 * not above the target (Core's CheckProofOfWork uses {@code UintToArith256(hash) > target} to reject).
 */
public final class Target {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /** Little-endian 32-bit words; words[7] is the most significant. */
    private final int[] words = new int[8];
    private final BigInteger value;

    private Target(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("target must be in [0, 2^256)");
        }
        this.value = value;
        for (int i = 0; i < 8; i++) {
            words[i] = value.shiftRight(32 * i).intValue();
        }
    }

    public static Target of(BigInteger value) {
        return new Target(value);
    }

    /**
     * The target encoded by a header's nBits.
     *
     * @throws IllegalArgumentException for negative, overflowing or zero encodings, which no hash can meet
     */
    public static Target fromCompact(long bits) {
        Difficulty.Compact c = Difficulty.decode(bits);
        if (c.negative() || c.overflow() || c.target().signum() == 0) {
            throw new IllegalArgumentException("invalid nBits 0x" + Long.toHexString(bits));
        }
        return new Target(c.target());
    }

    public BigInteger value() {
        return value;
    }

    /** The most significant 32 bits, as an unsigned int: the kernels' cheap candidate filter. */
    public int topWord() {
        return words[7];
    }

    /** Whether a hash in internal byte order, read as a little-endian number, is at most this target. */
    public boolean isMetBy(byte[] hashInternalOrder) {
        if (hashInternalOrder.length != 32) throw new IllegalArgumentException("hash must be 32 bytes");
        for (int i = 7; i >= 0; i--) {
            int h = (hashInternalOrder[4 * i] & 0xff)
                    | (hashInternalOrder[4 * i + 1] & 0xff) << 8
                    | (hashInternalOrder[4 * i + 2] & 0xff) << 16
                    | (hashInternalOrder[4 * i + 3] & 0xff) << 24;
            int cmp = Integer.compareUnsigned(h, words[i]);
            if (cmp != 0) return cmp < 0;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && Arrays.equals(t.words, words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return String.format("%064x", value);
    }
}
