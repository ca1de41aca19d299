package dev.blocksmith.core.psbt;

import dev.blocksmith.core.primitives.Hex;
import java.util.Arrays;
import java.util.Comparator;

/**
 * An immutable byte string, ordered as Core orders {@code std::vector<unsigned char>} keys (unsigned
 * lexicographic, a prefix first). PSBT maps are sorted this way when serialized, so the order of
 * records written here is the order bitcoind writes.
 */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    /** Core's ShortestVectorFirstComparator: by length, then lexicographically (control blocks of a leaf). */
    public static final Comparator<Bytes> SHORTEST_FIRST = Comparator.comparingInt(Bytes::length).thenComparing(Comparator.naturalOrder());

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    public static Bytes of(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    public static Bytes fromHex(String hex) {
        return new Bytes(Hex.decode(hex));
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    /** All bytes zero (Core's IsNull for uint256 and XOnlyPubKey). */
    public boolean isAllZero() {
        for (byte b : data) if (b != 0) return false;
        return true;
    }

    public int byteAt(int i) {
        return data[i] & 0xff;
    }

    public String toHex() {
        return Hex.encode(data);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, o.data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
