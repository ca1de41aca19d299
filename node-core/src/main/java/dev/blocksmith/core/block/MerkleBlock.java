package dev.blocksmith.core.block;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * BIP37's merkleblock (bitcoind's CMerkleBlock): a block header with the partial merkle tree of the transactions
 * it proves. gettxoutproof serializes one, verifytxoutproof reads it back.
 */
public record MerkleBlock(BlockHeader header, PartialMerkleTree tree) {
    /** The proof that {@code block} contains the transactions of {@code txids} (those it holds). */
    public static MerkleBlock of(Block block, Set<Sha256Hash> txids) {
        List<Sha256Hash> all = new ArrayList<>(block.transactions().size());
        BitSet matches = new BitSet();
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            Sha256Hash txid = txs.get(i).txid();
            all.add(txid);
            if (txids.contains(txid)) matches.set(i);
        }
        return new MerkleBlock(block.header(), PartialMerkleTree.build(all, matches));
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(256);
        header.write(w);
        tree.write(w);
        return w.toByteArray();
    }

    public static MerkleBlock read(ByteReader r) {
        BlockHeader header = BlockHeader.read(r);
        return new MerkleBlock(header, PartialMerkleTree.read(r));
    }
}
