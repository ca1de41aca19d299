package dev.blocksmith.core.filter;

import dev.blocksmith.core.crypto.SipHash24;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collection;

/**
 * BIP158's Golomb-coded set: each element is SipHash-2-4'd under a 128-bit key, mapped onto [0, N·M) by a
 * 64×64→128-bit multiply, sorted, and the differences written Golomb-Rice coded with parameter P after a
 * CompactSize N. {@link #encoded()} is the filter's wire form; {@link #matchAny} tests membership as a light
 * client would.
 */
public final class GolombCodedSet {
    private final int p;
    private final long m;
    private final long k0;
    private final long k1;
    private final long n;
    private final byte[] encoded;

    private GolombCodedSet(int p, long m, long k0, long k1, long n, byte[] encoded) {
        this.p = p;
        this.m = m;
        this.k0 = k0;
        this.k1 = k1;
        this.n = n;
        this.encoded = encoded;
    }

    /** Builds the set of {@code elements} (distinct byte strings, as the caller collected them). */
    public static GolombCodedSet build(int p, long m, long k0, long k1, Collection<byte[]> elements) {
        long n = elements.size();
        long range = n * m;
        long[] hashed = new long[elements.size()];
        int i = 0;
        for (byte[] e : elements) hashed[i++] = Math.unsignedMultiplyHigh(SipHash24.hash(k0, k1, e), range);
        // The mapped values are below N·M < 2^63, so a signed sort orders them as unsigned numbers.
        Arrays.sort(hashed);
        ByteWriter head = new ByteWriter(9);
        head.compactSize(n);
        BitWriter bits = new BitWriter();
        bits.out.writeBytes(head.toByteArray());
        long last = 0;
        for (long v : hashed) {
            long delta = v - last;
            long q = delta >>> p;
            for (long j = 0; j < q; j++) bits.write(1, 1);
            bits.write(0, 1);
            bits.write(delta & ((1L << p) - 1), p);
            last = v;
        }
        return new GolombCodedSet(p, m, k0, k1, n, bits.finish());
    }

    /** Reads an encoded filter (for matching); the element count comes from its CompactSize prefix. */
    public static GolombCodedSet decode(int p, long m, long k0, long k1, byte[] encoded) {
        long n = new ByteReader(encoded).compactSize();
        return new GolombCodedSet(p, m, k0, k1, n, encoded.clone());
    }

    public long size() {
        return n;
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    /** Whether any of {@code queries} may be in the set (false positives at rate 1/M, no false negatives). */
    public boolean matchAny(Collection<byte[]> queries) {
        if (n == 0 || queries.isEmpty()) return false;
        long range = n * m;
        long[] q = new long[queries.size()];
        int i = 0;
        for (byte[] e : queries) q[i++] = Math.unsignedMultiplyHigh(SipHash24.hash(k0, k1, e), range);
        Arrays.sort(q);
        BitReader reader = new BitReader(encoded, ByteWriter.compactSizeLength(n));
        long value = 0;
        int qi = 0;
        for (long k = 0; k < n; k++) {
            long quotient = 0;
            while (reader.read(1) == 1) quotient++;
            value += (quotient << p) | reader.read(p);
            while (qi < q.length && q[qi] < value) qi++;
            if (qi == q.length) return false;
            if (q[qi] == value) return true;
        }
        return false;
    }

    /** Bits most significant first, as bitcoind's BitStreamWriter; the last byte is padded with zeros. */
    private static final class BitWriter {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int current;
        int used;

        void write(long value, int count) {
            for (int b = count - 1; b >= 0; b--) {
                current = (current << 1) | (int) ((value >>> b) & 1);
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] finish() {
            if (used > 0) out.write(current << (8 - used));
            return out.toByteArray();
        }
    }

    private static final class BitReader {
        final byte[] data;
        int pos;
        int bit;

        BitReader(byte[] data, int start) {
            this.data = data;
            this.pos = start;
        }

        long read(int count) {
            long v = 0;
            for (int i = 0; i < count; i++) {
                if (pos >= data.length) throw new IllegalStateException("filter ends inside an element");
                int b = (data[pos] >>> (7 - bit)) & 1;
                v = (v << 1) | b;
                if (++bit == 8) {
                    bit = 0;
                    pos++;
                }
            }
            return v;
        }
    }
}
