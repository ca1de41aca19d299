package dev.blocksmith.p2p.bloom;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.MerkleBlock;
import dev.blocksmith.core.block.PartialMerkleTree;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A block filtered for a peer's BIP37 filter (bitcoind's CMerkleBlock built from a CBloomFilter): the merkleblock
 * proving the matched transactions, and those transactions, which follow it as tx messages.
 *
 * @param merkleBlock the header and the partial merkle tree of the matches
 * @param matched the block's transactions that matched, in block order
 */
public record FilteredBlock(MerkleBlock merkleBlock, List<Transaction> matched) {
    public FilteredBlock {
        matched = List.copyOf(matched);
    }

    /** Filters the block; matching updates the filter as bitcoind's IsRelevantAndUpdate does. */
    public static FilteredBlock of(Block block, BloomFilter filter) {
        List<Sha256Hash> txids = new ArrayList<>();
        BitSet match = new BitSet();
        List<Transaction> matched = new ArrayList<>();
        for (int i = 0; i < block.transactions().size(); i++) {
            Transaction tx = block.transactions().get(i);
            txids.add(tx.txid());
            if (filter.isRelevantAndUpdate(tx)) {
                match.set(i);
                matched.add(tx);
            }
        }
        return new FilteredBlock(new MerkleBlock(block.header(), PartialMerkleTree.build(txids, match)), matched);
    }
}
