package dev.blocksmith.core.block;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.tx.Transaction;

/**
 * A stored block held as its serialization, its transactions parsed one at a time while a reader goes through them
 * (getblock verbosity 2/3). A full block's objects take several times its bytes; a reply that is minutes of writing
 * for a slow client, or one of eight at once, would keep them all alive across many young collections and push them
 * into the old generation. Here only the bytes and the transaction at hand are live.
 *
 * <p>The whole block is parsed once when it is made, so damage is found before a reader has written anything.
 */
public final class SerializedBlock {
    /** What a reader does with each transaction, in block order. */
    @FunctionalInterface
    public interface TransactionVisitor<X extends Exception> {
        void visit(int index, Transaction tx) throws X;
    }

    private final byte[] bytes;
    private final BlockHeader header;
    private final int transactionCount;
    private final int firstTransaction;
    private final int baseSize;

    private SerializedBlock(byte[] bytes, BlockHeader header, int transactionCount, int firstTransaction, int baseSize) {
        this.bytes = bytes;
        this.header = header;
        this.transactionCount = transactionCount;
        this.firstTransaction = firstTransaction;
        this.baseSize = baseSize;
    }

    /**
     * The block in {@code bytes}, which it keeps as they are: the caller hands them over and does not change them
     * (a record just read from a blk file).
     *
     * @throws SerializationException when the bytes are not one whole block
     */
    public static SerializedBlock ofOwned(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        BlockHeader header = BlockHeader.read(r);
        int count = r.length();
        int first = r.position();
        int base = first;
        for (int i = 0; i < count; i++) base += Transaction.read(r).baseSize();
        if (r.hasRemaining()) throw new SerializationException("trailing bytes after block");
        return new SerializedBlock(bytes, header, count, first, base);
    }

    public BlockHeader header() {
        return header;
    }

    public int transactionCount() {
        return transactionCount;
    }

    public int totalSize() {
        return bytes.length;
    }

    /** Size without witness data: the header, the transaction count and each transaction's base size. */
    public int baseSize() {
        return baseSize;
    }

    /** BIP141 block weight. */
    public int weight() {
        return baseSize * (Transaction.WITNESS_SCALE_FACTOR - 1) + bytes.length;
    }

    /** Parses the transactions again, one at a time, each handed to {@code visitor} and then left to the collector. */
    public <X extends Exception> void forEachTransaction(TransactionVisitor<X> visitor) throws X {
        ByteReader r = new ByteReader(bytes, firstTransaction, bytes.length - firstTransaction);
        for (int i = 0; i < transactionCount; i++) visitor.visit(i, Transaction.read(r));
    }
}
