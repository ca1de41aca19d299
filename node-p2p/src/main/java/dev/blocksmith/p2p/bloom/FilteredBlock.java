package dev.blocksmith.p2p.bloom;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;

import java.util.ArrayList;
import java.util.List;

/**
 * A block filtered for a peer's BIP37 filter (bitcoind's CMerkleBlock): the partial merkle tree proving the matched
 * transactions, and those transactions, which follow the merkleblock message as tx messages.
 *
 * @param tree the partial merkle tree
 * @param matched the block's transactions that matched, in block order
 */
public record FilteredBlock(PartialMerkleTree tree, List<Transaction> matched) {
    public FilteredBlock {
        matched = List.copyOf(matched);
    }

    /** Filters the block; matching updates the filter as bitcoind's IsRelevantAndUpdate does. */
    public static FilteredBlock of(Block block, BloomFilter filter) {
        List<Sha256Hash> txids = new ArrayList<>();
        boolean[] match = new boolean[block.transactions().size()];
        List<Transaction> matched = new ArrayList<>();
        for (int i = 0; i < block.transactions().size(); i++) {
            Transaction tx = block.transactions().get(i);
            txids.add(tx.txid());
            if (filter.isRelevantAndUpdate(tx)) {
                match[i] = true;
                matched.add(tx);
            }
        }
        return new FilteredBlock(PartialMerkleTree.build(txids, match), matched);
    }

    /**
     * BIP37's partial merkle tree: the transaction count, the hashes of the pruned subtrees and matched leaves in
     * depth-first order, and one flag bit per visited node (packed least significant bit first).
     */
    public record PartialMerkleTree(long transactions, List<Sha256Hash> hashes, byte[] flags) {
        public PartialMerkleTree {
            hashes = List.copyOf(hashes);
            flags = flags.clone();
        }

        @Override
        public byte[] flags() {
            return flags.clone();
        }

        static PartialMerkleTree build(List<Sha256Hash> txids, boolean[] match) {
            Builder b = new Builder(txids, match);
            int height = 0;
            while (b.width(height) > 1) height++;
            b.traverse(height, 0);
            byte[] packed = new byte[(b.bits.size() + 7) / 8];
            for (int i = 0; i < b.bits.size(); i++) {
                if (b.bits.get(i)) packed[i / 8] |= (byte) (1 << (i % 8));
            }
            return new PartialMerkleTree(txids.size(), b.hashes, packed);
        }

        private static final class Builder {
            private final List<Sha256Hash> txids;
            private final boolean[] match;
            private final List<Boolean> bits = new ArrayList<>();
            private final List<Sha256Hash> hashes = new ArrayList<>();

            Builder(List<Sha256Hash> txids, boolean[] match) {
                this.txids = txids;
                this.match = match;
            }

            /** Nodes at this height (0: the leaves). */
            int width(int height) {
                return (txids.size() + (1 << height) - 1) >> height;
            }

            Sha256Hash hash(int height, int pos) {
                if (height == 0) return txids.get(pos);
                Sha256Hash left = hash(height - 1, pos * 2);
                // A node without a right child pairs the left one with itself, as the block's merkle tree does.
                Sha256Hash right = pos * 2 + 1 < width(height - 1) ? hash(height - 1, pos * 2 + 1) : left;
                byte[] both = new byte[64];
                System.arraycopy(left.bytes(), 0, both, 0, 32);
                System.arraycopy(right.bytes(), 0, both, 32, 32);
                return Hashes.hash256(both);
            }

            void traverse(int height, int pos) {
                boolean parentOfMatch = false;
                for (int p = pos << height; p < (pos + 1) << height && p < txids.size(); p++) {
                    parentOfMatch |= match[p];
                }
                bits.add(parentOfMatch);
                if (height == 0 || !parentOfMatch) {
                    hashes.add(hash(height, pos));
                } else {
                    traverse(height - 1, pos * 2);
                    if (pos * 2 + 1 < width(height - 1)) traverse(height - 1, pos * 2 + 1);
                }
            }
        }
    }
}
