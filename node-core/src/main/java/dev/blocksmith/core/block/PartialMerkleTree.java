package dev.blocksmith.core.block;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * BIP37's partial merkle tree (bitcoind's CPartialMerkleTree): the txids of some transactions of a block
 * with just enough inner hashes to recompute the merkle root. Built depth first: one flag bit per visited
 * node (1 = a matched transaction lies below), one hash per node where the walk stops.
 *
 * @param transactionCount the number of transactions in the block
 * @param hashes           the hashes where the walk stopped, in walk order
 * @param bits             the flag bits in walk order (serialized LSB first, padded to whole bytes)
 * @param bitCount         how many flag bits the serialization carries (a multiple of 8 once read back)
 */
public record PartialMerkleTree(long transactionCount, List<Sha256Hash> hashes, BitSet bits, int bitCount) {
    /** bitcoind's bound: no block can hold more transactions than MAX_BLOCK_WEIGHT / MIN_TRANSACTION_WEIGHT. */
    static final long MAX_TRANSACTIONS = 4_000_000L / 240;

    public PartialMerkleTree {
        hashes = List.copyOf(hashes);
        bits = (BitSet) bits.clone();
    }

    /** The tree of {@code txids} revealing those whose {@code matches} bit is set. */
    public static PartialMerkleTree build(List<Sha256Hash> txids, BitSet matches) {
        if (txids.isEmpty()) throw new IllegalArgumentException("a block has at least one transaction");
        Builder b = new Builder(txids, matches);
        b.traverse(b.height(), 0);
        return new PartialMerkleTree(txids.size(), b.hashes, b.bits, b.bitCount);
    }

    /** What a proof commits to: the root it recomputes and the matched txids with their positions. */
    public record Extraction(Sha256Hash root, List<Sha256Hash> matches, List<Integer> positions) {
        public Extraction {
            matches = List.copyOf(matches);
            positions = List.copyOf(positions);
        }
    }

    /**
     * bitcoind's ExtractMatches: the merkle root this tree commits to with the matched txids, or empty when the
     * tree is malformed (too many transactions, unused or missing bits or hashes, a duplicated right branch).
     */
    public Optional<Extraction> extract() {
        if (transactionCount == 0 || transactionCount > MAX_TRANSACTIONS) return Optional.empty();
        if (hashes.size() > transactionCount) return Optional.empty();
        if (bitCount < hashes.size()) return Optional.empty();
        Extractor e = new Extractor();
        Sha256Hash root = e.traverse(height(transactionCount), 0);
        if (e.bad) return Optional.empty();
        // All the bits (up to byte padding) and all the hashes must have been used.
        if ((e.bitsUsed + 7) / 8 != (bitCount + 7) / 8) return Optional.empty();
        if (e.hashesUsed != hashes.size()) return Optional.empty();
        return Optional.of(new Extraction(root, e.matches, e.positions));
    }

    public void write(ByteWriter w) {
        w.u32le(transactionCount);
        w.compactSize(hashes.size());
        for (Sha256Hash h : hashes) w.hash(h);
        byte[] packed = new byte[(bitCount + 7) / 8];
        for (int i = 0; i < bitCount; i++) {
            if (bits.get(i)) packed[i / 8] |= (byte) (1 << (i % 8));
        }
        w.varBytes(packed);
    }

    public static PartialMerkleTree read(ByteReader r) {
        long n = r.u32le();
        int hashCount = r.length();
        List<Sha256Hash> hashes = new ArrayList<>(hashCount);
        for (int i = 0; i < hashCount; i++) hashes.add(r.hash());
        byte[] packed = r.varBytes();
        BitSet bits = BitSet.valueOf(packed);
        return new PartialMerkleTree(n, hashes, bits, packed.length * 8);
    }

    private static int height(long n) {
        int h = 0;
        while (width(n, h) > 1) h++;
        return h;
    }

    private static long width(long n, int height) {
        return (n + (1L << height) - 1) >> height;
    }

    private static Sha256Hash parent(Sha256Hash left, Sha256Hash right) {
        byte[] buf = new byte[64];
        left.copyInto(buf, 0);
        right.copyInto(buf, 32);
        return Sha256Hash.wrapOwned(Hashes.sha256d(buf));
    }

    private static final class Builder {
        private final List<Sha256Hash> txids;
        private final BitSet matches;
        private final List<Sha256Hash> hashes = new ArrayList<>();
        private final BitSet bits = new BitSet();
        private int bitCount;

        Builder(List<Sha256Hash> txids, BitSet matches) {
            this.txids = txids;
            this.matches = matches;
        }

        int height() {
            return PartialMerkleTree.height(txids.size());
        }

        void traverse(int height, long pos) {
            long from = pos << height;
            long to = Math.min((pos + 1) << height, txids.size());
            int next = matches.nextSetBit((int) from);
            boolean parentOfMatch = next >= 0 && next < to;
            if (parentOfMatch) bits.set(bitCount);
            bitCount++;
            if (height == 0 || !parentOfMatch) {
                hashes.add(hash(height, pos));
                return;
            }
            traverse(height - 1, pos * 2);
            if (pos * 2 + 1 < width(txids.size(), height - 1)) traverse(height - 1, pos * 2 + 1);
        }

        Sha256Hash hash(int height, long pos) {
            if (height == 0) return txids.get((int) pos);
            Sha256Hash left = hash(height - 1, pos * 2);
            Sha256Hash right = pos * 2 + 1 < width(txids.size(), height - 1) ? hash(height - 1, pos * 2 + 1) : left;
            return parent(left, right);
        }
    }

    private final class Extractor {
        int bitsUsed;
        int hashesUsed;
        boolean bad;
        final List<Sha256Hash> matches = new ArrayList<>();
        final List<Integer> positions = new ArrayList<>();

        Sha256Hash traverse(int height, long pos) {
            if (bitsUsed >= bitCount) {
                bad = true;
                return Sha256Hash.ZERO;
            }
            boolean parentOfMatch = bits.get(bitsUsed++);
            if (height == 0 || !parentOfMatch) {
                if (hashesUsed >= hashes.size()) {
                    bad = true;
                    return Sha256Hash.ZERO;
                }
                Sha256Hash h = hashes.get(hashesUsed++);
                if (height == 0 && parentOfMatch) {
                    matches.add(h);
                    positions.add((int) pos);
                }
                return h;
            }
            Sha256Hash left = traverse(height - 1, pos * 2);
            Sha256Hash right;
            if (pos * 2 + 1 < width(transactionCount, height - 1)) {
                right = traverse(height - 1, pos * 2 + 1);
                // CVE-2012-2459: an identical right branch would let a proof claim a duplicated transaction.
                if (right.equals(left)) bad = true;
            } else {
                right = left;
            }
            return parent(left, right);
        }
    }
}
