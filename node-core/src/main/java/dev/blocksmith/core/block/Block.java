package dev.blocksmith.core.block;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A block: header plus transactions, immutable. */
public final class Block {
    /** BIP141 witness commitment header inside the coinbase OP_RETURN output. */
    public static final byte[] WITNESS_COMMITMENT_HEADER = {(byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};
    /** Core's MINIMUM_WITNESS_COMMITMENT: OP_RETURN, push 36, 4-byte header, 32-byte commitment. */
    public static final int MINIMUM_WITNESS_COMMITMENT = 38;

    private final BlockHeader header;
    private final List<Transaction> transactions;
    private volatile byte[] serializedCache;

    public Block(BlockHeader header, List<Transaction> transactions) {
        this.header = header;
        this.transactions = List.copyOf(transactions);
    }

    public BlockHeader header() {
        return header;
    }

    public Sha256Hash hash() {
        return header.hash();
    }

    public List<Transaction> transactions() {
        return transactions;
    }

    public Transaction coinbase() {
        return transactions.get(0);
    }

    public MerkleTree.Result computeMerkle() {
        List<Sha256Hash> ids = new ArrayList<>(transactions.size());
        for (Transaction tx : transactions) ids.add(tx.txid());
        return MerkleTree.compute(ids);
    }

    /** Witness merkle root: wtxids with the coinbase's taken as zero (BIP141). */
    public Sha256Hash witnessMerkleRoot() {
        List<Sha256Hash> ids = new ArrayList<>(transactions.size());
        ids.add(Sha256Hash.ZERO);
        for (int i = 1; i < transactions.size(); i++) ids.add(transactions.get(i).wtxid());
        return MerkleTree.root(ids);
    }

    /** Index of the last coinbase output that carries a witness commitment, if any (Core's GetWitnessCommitmentIndex). */
    public static Optional<Integer> witnessCommitmentIndex(Transaction coinbase) {
        Integer found = null;
        List<TxOut> outs = coinbase.outputs();
        for (int i = 0; i < outs.size(); i++) {
            if (isWitnessCommitment(outs.get(i).scriptPubKey())) found = i;
        }
        return Optional.ofNullable(found);
    }

    public static boolean isWitnessCommitment(Script s) {
        byte[] p = s.rawBytes();
        return p.length >= MINIMUM_WITNESS_COMMITMENT && (p[0] & 0xff) == 0x6a && p[1] == 0x24
                && p[2] == WITNESS_COMMITMENT_HEADER[0] && p[3] == WITNESS_COMMITMENT_HEADER[1]
                && p[4] == WITNESS_COMMITMENT_HEADER[2] && p[5] == WITNESS_COMMITMENT_HEADER[3];
    }

    /** The commitment value SHA256d(witness root || reserved value). */
    public static Sha256Hash witnessCommitment(Sha256Hash witnessRoot, byte[] reservedValue) {
        byte[] buf = new byte[64];
        witnessRoot.copyInto(buf, 0);
        System.arraycopy(reservedValue, 0, buf, 32, 32);
        return Hashes.hash256(buf);
    }

    /**
     * bitcoind's UpdateUncommittedBlockStructures (submitblock): a block with a witness commitment whose
     * coinbase carries no witness gets the default reserved value (32 zero bytes) as the coinbase witness,
     * which is not covered by the block hash. Otherwise the block itself.
     */
    public Block withDefaultWitnessReservedValue() {
        // A block without transactions (or whose first has no input) has no commitment to complete: its own checks
        // judge it ("bad-blk-length", "bad-cb-missing"), as bitcoind's UpdateUncommittedBlockStructures leaves it.
        if (transactions.isEmpty() || transactions.get(0).inputs().isEmpty()) return this;
        Transaction cb = coinbase();
        if (cb.hasWitness() || witnessCommitmentIndex(cb).isEmpty()) return this;
        List<TxIn> inputs = new ArrayList<>(cb.inputs());
        TxIn first = inputs.get(0);
        inputs.set(0, new TxIn(first.prevout(), first.scriptSig(), first.sequence(), Witness.of(new byte[32])));
        List<Transaction> txs = new ArrayList<>(transactions);
        txs.set(0, new Transaction(cb.version(), inputs, cb.outputs(), cb.lockTime()));
        return new Block(header, txs);
    }

    /** The commitment output script for a given commitment value. */
    public static Script witnessCommitmentScript(Sha256Hash commitment) {
        byte[] s = new byte[MINIMUM_WITNESS_COMMITMENT];
        s[0] = 0x6a;
        s[1] = 0x24;
        System.arraycopy(WITNESS_COMMITMENT_HEADER, 0, s, 2, 4);
        commitment.copyInto(s, 6);
        return Script.ofOwned(s);
    }

    public boolean hasWitness() {
        for (Transaction tx : transactions) {
            if (tx.hasWitness()) return true;
        }
        return false;
    }

    public byte[] serialize() {
        byte[] s = serializedCache;
        if (s == null) {
            s = serialize(true);
            serializedCache = s;
        }
        return s.clone();
    }

    public byte[] serialize(boolean withWitness) {
        if (withWitness && serializedCache != null) return serializedCache.clone();
        ByteWriter w = new ByteWriter(1024);
        header.write(w);
        w.compactSize(transactions.size());
        for (Transaction tx : transactions) tx.write(w, withWitness);
        return w.toByteArray();
    }

    public int totalSize() {
        byte[] s = serializedCache;
        if (s != null) return s.length;
        // The header, the transaction count and each transaction's own (cached) size: no serialization for a block
        // read from a message.
        int size = 80 + ByteWriter.compactSizeLength(transactions.size());
        for (Transaction tx : transactions) size += tx.totalSize();
        return size;
    }

    /** Size without witness data: the header, the transaction count and each transaction's base size. */
    public int baseSize() {
        int size = 80 + ByteWriter.compactSizeLength(transactions.size());
        for (Transaction tx : transactions) size += tx.baseSize();
        return size;
    }

    /** BIP141 block weight. */
    public int weight() {
        int base = 80 + ByteWriter.compactSizeLength(transactions.size());
        int total = base;
        for (Transaction tx : transactions) {
            base += tx.baseSize();
            total += tx.totalSize();
        }
        return base * (Transaction.WITNESS_SCALE_FACTOR - 1) + total;
    }

    public static Block parse(byte[] bytes) {
        return parseOwned(bytes.clone());
    }

    /** As {@link #parse}, keeping {@code bytes} as the block's serialization: the caller hands them over unchanged. */
    public static Block parseOwned(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        Block b = read(r);
        if (r.hasRemaining()) throw new SerializationException("trailing bytes after block");
        b.serializedCache = bytes;
        return b;
    }

    public static Block read(ByteReader r) {
        BlockHeader h = BlockHeader.read(r);
        int n = r.length();
        List<Transaction> txs = new ArrayList<>(r.capacityFor(n, Transaction.MIN_SERIALIZED_SIZE));
        for (int i = 0; i < n; i++) txs.add(Transaction.read(r));
        return new Block(h, txs);
    }

    public static Block fromHex(String hex) {
        return parse(Hex.decode(hex));
    }

    public String toHex() {
        return Hex.encode(serialize());
    }

    @Override
    public String toString() {
        return "Block[" + hash() + ", " + transactions.size() + " txs]";
    }
}
