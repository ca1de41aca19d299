package dev.blocksmith.core.primitives;

import java.util.Arrays;

/** Growable little-endian writer for Bitcoin's wire format. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u16le(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    public ByteWriter u16be(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter i32le(int v) {
        ensure(4);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 24);
        return this;
    }

    public ByteWriter u32le(long v) {
        return i32le((int) v);
    }

    public ByteWriter i64le(long v) {
        i32le((int) v);
        return i32le((int) (v >>> 32));
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    public ByteWriter hash(Sha256Hash h) {
        ensure(32);
        h.copyInto(buf, size);
        size += 32;
        return this;
    }

    public ByteWriter compactSize(long v) {
        if (v >= 0 && v < 0xfd) {
            return u8((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            return u8(0xfd).u16le((int) v);
        } else if (v >= 0 && v <= 0xffffffffL) {
            return u8(0xfe).u32le(v);
        }
        return u8(0xff).i64le(v);
    }

    public ByteWriter varBytes(byte[] b) {
        compactSize(b.length);
        return bytes(b);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public static int compactSizeLength(long v) {
        if (v >= 0 && v < 0xfd) return 1;
        if (v >= 0 && v <= 0xffff) return 3;
        if (v >= 0 && v <= 0xffffffffL) return 5;
        return 9;
    }
}
