package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.tx.TxOut;

/** An unspent output with the height of the block that created it and whether it is a coinbase output. */
public record Coin(TxOut output, int height, boolean coinbase) {
    public byte[] serialize() {
        ByteWriter w = new ByteWriter(48 + output.scriptPubKey().length());
        write(w);
        return w.toByteArray();
    }

    public void write(ByteWriter w) {
        w.compactSize(((long) height << 1) | (coinbase ? 1 : 0));
        output.write(w);
    }

    public static Coin read(ByteReader r) {
        long code = r.compactSize();
        TxOut out = TxOut.read(r);
        return new Coin(out, (int) (code >>> 1), (code & 1) != 0);
    }

    public static Coin deserialize(byte[] bytes) {
        return read(new ByteReader(bytes));
    }
}
