package dev.blocksmith.core.primitives;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A 32-byte hash held in internal (wire) byte order. Bitcoin displays block and transaction hashes
 * byte-reversed; this class is the one place that reversal happens: {@link #fromHex(String)} and
 * {@link #toString()} use display order, everything else uses internal order.
 */
public final class Sha256Hash implements Comparable<Sha256Hash> {
    public static final Sha256Hash ZERO = new Sha256Hash(new byte[32]);

    private final byte[] bytes;
    private int hashCode;

    private Sha256Hash(byte[] internalOrder) {
        this.bytes = internalOrder;
    }

    /** Wraps 32 bytes in internal order (copied). */
    public static Sha256Hash wrap(byte[] internalOrder) {
        if (internalOrder.length != 32) {
            throw new IllegalArgumentException("hash must be 32 bytes, got " + internalOrder.length);
        }
        return new Sha256Hash(internalOrder.clone());
    }

    /** Takes ownership of a fresh 32-byte array without copying; callers must not mutate it afterwards. */
    public static Sha256Hash wrapOwned(byte[] internalOrder) {
        if (internalOrder.length != 32) {
            throw new IllegalArgumentException("hash must be 32 bytes, got " + internalOrder.length);
        }
        return new Sha256Hash(internalOrder);
    }

    /** Parses a 64-character hex string in display (reversed) order, as RPC and explorers show it. */
    public static Sha256Hash fromHex(String displayHex) {
        if (displayHex.length() != 64 || !Hex.isHex(displayHex)) {
            throw new IllegalArgumentException("hash must be 64 hex characters");
        }
        return new Sha256Hash(reverse(Hex.decode(displayHex)));
    }

    /** Internal-order copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Display-order copy. */
    public byte[] reversedBytes() {
        return reverse(bytes);
    }

    public void copyInto(byte[] dest, int offset) {
        System.arraycopy(bytes, 0, dest, offset, 32);
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    public boolean isZero() {
        for (byte b : bytes) {
            if (b != 0) return false;
        }
        return true;
    }

    /** The hash read as a 256-bit little-endian unsigned number, as proof of work compares it. */
    public BigInteger toBigInteger() {
        return new BigInteger(1, reverse(bytes));
    }

    public String toHex() {
        return Hex.encode(reverse(bytes));
    }

    @Override
    public String toString() {
        return toHex();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Sha256Hash h && Arrays.equals(bytes, h.bytes));
    }

    @Override
    public int hashCode() {
        int h = hashCode;
        if (h == 0) {
            h = (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 24;
            hashCode = h;
        }
        return h;
    }

    /** Orders as the 256-bit numbers the hashes represent. */
    @Override
    public int compareTo(Sha256Hash o) {
        for (int i = 31; i >= 0; i--) {
            int c = Integer.compare(bytes[i] & 0xff, o.bytes[i] & 0xff);
            if (c != 0) return c;
        }
        return 0;
    }

    public static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }
}
