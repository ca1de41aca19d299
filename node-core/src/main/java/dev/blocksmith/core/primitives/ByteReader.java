package dev.blocksmith.core.primitives;

import java.util.Arrays;

/**
 * Cursor over a byte array for Bitcoin's little-endian wire format. Every read is bounds checked and
 * throws {@link SerializationException} instead of reading past the end, so untrusted P2P bytes can
 * never cause an out-of-bounds access or a huge allocation.
 */
public final class ByteReader {
    /** Bitcoin Core's MAX_SIZE: the largest CompactSize a length prefix may carry. */
    public static final long MAX_COMPACT_SIZE = 0x02000000L;

    private final byte[] data;
    private final int end;
    private int pos;

    public ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    public ByteReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("range outside array");
        }
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new SerializationException(SerializationException.Reason.END_OF_DATA, "unexpected end of data: need " + n + " bytes, have " + (end - pos));
        }
    }

    public int u8() {
        need(1);
        return data[pos++] & 0xff;
    }

    public int u16le() {
        need(2);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    public int u16be() {
        need(2);
        int v = (data[pos] & 0xff) << 8 | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int i32le() {
        need(4);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    public long u32le() {
        return Integer.toUnsignedLong(i32le());
    }

    public long i64le() {
        need(8);
        long lo = Integer.toUnsignedLong(i32le());
        long hi = Integer.toUnsignedLong(i32le());
        return lo | hi << 32;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    /** Peeks at the byte at {@code offset} from the current position without consuming it. */
    public int peek(int offset) {
        need(offset + 1);
        return data[pos + offset] & 0xff;
    }

    public Sha256Hash hash() {
        return Sha256Hash.wrap(bytes(32));
    }

    /** Reads a CompactSize, rejecting non-canonical encodings as Core's ReadCompactSize does, with its text (feature_block.py reads it in debug.log). */
    public long compactSize() {
        int first = u8();
        long v;
        if (first < 0xfd) {
            return first;
        } else if (first == 0xfd) {
            v = u16le();
            if (v < 0xfd) throw new SerializationException(SerializationException.Reason.NON_CANONICAL_SIZE, "non-canonical ReadCompactSize()");
        } else if (first == 0xfe) {
            v = u32le();
            if (v < 0x10000L) throw new SerializationException(SerializationException.Reason.NON_CANONICAL_SIZE, "non-canonical ReadCompactSize()");
        } else {
            v = i64le();
            if (v >= 0 && v < 0x100000000L) throw new SerializationException(SerializationException.Reason.NON_CANONICAL_SIZE, "non-canonical ReadCompactSize()");
        }
        return v;
    }

    /** A CompactSize that is used as a count or length: bounded by {@link #MAX_COMPACT_SIZE}. */
    public int length() {
        long v = compactSize();
        if (v < 0 || v > MAX_COMPACT_SIZE) {
            throw new SerializationException(SerializationException.Reason.SIZE_TOO_LARGE, "CompactSize too large: " + Long.toUnsignedString(v));
        }
        return (int) v;
    }

    /**
     * The initial capacity for a list of {@code count} announced items of at least {@code minItemSize}
     * bytes each: no more than the bytes still unread could hold. A count is untrusted until its items have
     * been read, so sizing a list by it alone would let a few bytes make us allocate megabytes (bitcoind
     * grows its vectors in bounded steps for the same reason).
     */
    public int capacityFor(long count, int minItemSize) {
        if (minItemSize <= 0) throw new IllegalArgumentException("minItemSize must be positive");
        return (int) Math.max(0, Math.min(count, remaining() / minItemSize));
    }

    /**
     * Fails as a truncated read would if {@code count} items of {@code itemSize} bytes cannot fit in what is
     * left, before an array for them is allocated.
     */
    public void requireItems(long count, int itemSize) {
        if (count < 0 || count > remaining() / itemSize) {
            throw new SerializationException(SerializationException.Reason.END_OF_DATA, "unexpected end of data: need "
                    + count + " items of " + itemSize + " bytes, have " + remaining() + " bytes");
        }
    }

    /** A length-prefixed byte string. */
    public byte[] varBytes() {
        int n = length();
        return bytes(n);
    }

    /** Returns the raw bytes between two positions of this reader's array. */
    public byte[] slice(int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }
}
