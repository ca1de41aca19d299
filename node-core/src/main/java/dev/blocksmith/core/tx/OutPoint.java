package dev.blocksmith.core.tx;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;

/** A reference to one output of a transaction: txid and output index (unsigned 32-bit). */
public record OutPoint(Sha256Hash txid, long index) {
    /** The prevout of a coinbase input: null hash, index 0xffffffff. */
    public static final OutPoint NULL = new OutPoint(Sha256Hash.ZERO, 0xffffffffL);

    public OutPoint {
        if (index < 0 || index > 0xffffffffL) throw new IllegalArgumentException("output index out of range");
    }

    public boolean isNull() {
        return index == 0xffffffffL && txid.isZero();
    }

    public static OutPoint read(ByteReader r) {
        return new OutPoint(r.hash(), r.u32le());
    }

    public void write(ByteWriter w) {
        w.hash(txid).u32le(index);
    }

    /** 36-byte wire form, used as a key. */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(36);
        write(w);
        return w.toByteArray();
    }

    @Override
    public String toString() {
        return txid + ":" + index;
    }
}
