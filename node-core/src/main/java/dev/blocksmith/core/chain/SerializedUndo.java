package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.SerializationException;
import java.util.ArrayList;
import java.util.List;

/**
 * A block's undo data held as its serialization ({@link BlockUndo}'s format), each transaction's spent coins parsed
 * when a reader comes to them: getblock verbosity 2/3 of a full block reads thousands of coins once, in block order,
 * and holding them all as objects for the whole reply kept them alive across many young collections.
 *
 * <p>The whole record is parsed once when it is made, so damage is found before a reader has written anything.
 */
public final class SerializedUndo {
    /** The undo data of a block that spends nothing (genesis): no transaction entries. */
    public static final SerializedUndo EMPTY = ofOwned(new byte[] {0});

    private final byte[] bytes;
    private final int transactionCount;

    private SerializedUndo(byte[] bytes, int transactionCount) {
        this.bytes = bytes;
        this.transactionCount = transactionCount;
    }

    /**
     * The undo data in {@code bytes}, kept as they are: the caller hands them over and does not change them.
     *
     * @throws SerializationException when the bytes are not one whole record
     */
    public static SerializedUndo ofOwned(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int n = r.length();
        for (int i = 0; i < n; i++) {
            int m = r.length();
            for (int j = 0; j < m; j++) Coin.read(r);
        }
        if (r.hasRemaining()) throw new SerializationException("trailing bytes after undo data");
        return new SerializedUndo(bytes, n);
    }

    /** The number of non-coinbase transactions the record has coins for. */
    public int transactionCount() {
        return transactionCount;
    }

    /** A reader of the entries from the first non-coinbase transaction on. */
    public Cursor cursor() {
        ByteReader r = new ByteReader(bytes);
        r.length();
        return new Cursor(r);
    }

    /** Reads one transaction's spent coins at a time, in block order. */
    public static final class Cursor {
        private final ByteReader reader;

        private Cursor(ByteReader reader) {
            this.reader = reader;
        }

        /** The coins the next transaction spent, in input order. */
        public List<Coin> next() {
            int m = reader.length();
            List<Coin> coins = new ArrayList<>(m);
            for (int j = 0; j < m; j++) coins.add(Coin.read(reader));
            return coins;
        }
    }
}
