package dev.blocksmith.core.consensus;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;

/** Compact "nBits" encoding of 256-bit targets, proof-of-work checks and chain work. */
public final class Difficulty {
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private Difficulty() {
    }

    /** Result of decoding nBits with Core's SetCompact flags. */
    public record Compact(BigInteger target, boolean negative, boolean overflow) {
    }

    public static Compact decode(long bits) {
        int size = (int) (bits >>> 24) & 0xff;
        long word = bits & 0x007fffffL;
        BigInteger target;
        if (size <= 3) {
            // As Core's SetCompact, the flags below look at the word after this shift.
            word >>>= 8 * (3 - size);
            target = BigInteger.valueOf(word);
        } else {
            target = BigInteger.valueOf(word).shiftLeft(8 * (size - 3));
        }
        boolean negative = word != 0 && (bits & 0x00800000L) != 0;
        boolean overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        return new Compact(target, negative, overflow);
    }

    /** Decodes nBits ignoring the sign and overflow flags (for trusted values such as powLimit). */
    public static BigInteger decodeCompact(long bits) {
        return decode(bits).target();
    }

    /** Encodes a non-negative target, truncating to three mantissa bytes as Core's GetCompact. */
    public static long encodeCompact(BigInteger target) {
        if (target.signum() < 0) throw new IllegalArgumentException("negative target");
        int size = (target.bitLength() + 7) / 8;
        long compact;
        if (size <= 3) {
            compact = target.longValue() << (8 * (3 - size));
        } else {
            compact = target.shiftRight(8 * (size - 3)).longValue();
        }
        if ((compact & 0x00800000L) != 0) {
            compact >>>= 8;
            size++;
        }
        return compact | ((long) size << 24);
    }

    /**
     * Target for nBits if it is valid under {@code powLimit}: not negative, not zero, no overflow, not
     * above the limit (Core's DeriveTarget). Returns null otherwise.
     */
    public static BigInteger validTarget(long bits, BigInteger powLimit) {
        Compact c = decode(bits);
        if (c.negative() || c.overflow() || c.target().signum() == 0 || c.target().compareTo(powLimit) > 0) {
            return null;
        }
        return c.target();
    }

    /** CheckProofOfWork: the hash, as a number, must not exceed the target of nBits. */
    public static boolean checkProofOfWork(Sha256Hash hash, long bits, BigInteger powLimit) {
        BigInteger target = validTarget(bits, powLimit);
        return target != null && hash.toBigInteger().compareTo(target) <= 0;
    }

    /** Expected number of hashes for a block at nBits: 2^256 / (target + 1) (Core's GetBlockProof). */
    public static BigInteger work(long bits) {
        Compact c = decode(bits);
        if (c.negative() || c.overflow() || c.target().signum() == 0) return BigInteger.ZERO;
        return TWO_256.divide(c.target().add(BigInteger.ONE));
    }

    /** bitcoind's getdifficulty: difficulty-1 target (0x1d00ffff) over this target, as a double. */
    public static double difficulty(long bits) {
        int shift = (int) ((bits >>> 24) & 0xff);
        double diff = (double) 0x0000ffff / (double) (bits & 0x00ffffff);
        while (shift < 29) {
            diff *= 256.0;
            shift++;
        }
        while (shift > 29) {
            diff /= 256.0;
            shift--;
        }
        return diff;
    }
}
