package dev.blocksmith.core.tx;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.script.Script;

/** A transaction output: value in satoshis and the locking script. */
public record TxOut(long value, Script scriptPubKey) {
    public static TxOut read(ByteReader r) {
        long value = r.i64le();
        return new TxOut(value, Script.ofOwned(r.varBytes()));
    }

    public void write(ByteWriter w) {
        w.i64le(value).varBytes(scriptPubKey.rawBytes());
    }

    public int serializedSize() {
        return 8 + ByteWriter.compactSizeLength(scriptPubKey.length()) + scriptPubKey.length();
    }
}
