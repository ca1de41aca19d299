package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.tx.Transaction;

/**
 * bitcoind's IsBlockMutated: whether a block's transactions fail to match its header (merkle root, CVE-2012-2459
 * duplication, the BIP141 witness commitment where segwit is active, witness data without a commitment). A mutated block may be a garbled copy of a valid one, so it
 * says nothing against the header; compact block reconstruction treats it as a short-id collision.
 */
public final class BlockMutation {
    private BlockMutation() {
    }

    public static boolean isMutated(Block block, boolean checkWitnessRoot) {
        if (block.transactions().isEmpty()) return true;
        MerkleTree.Result merkle = block.computeMerkle();
        if (merkle.mutated() || !merkle.root().equals(block.header().merkleRoot())) return true;
        if (!block.transactions().get(0).isCoinbase()) {
            // "Weaknesses in Bitcoin's Merkle Root Construction", 3.1: a 64-byte transaction can pose as an inner
            // node; only looked for in blocks without a coinbase, which are invalid anyway (as bitcoind).
            for (Transaction tx : block.transactions()) {
                if (tx.baseSize() == 64) return true;
            }
            return false;
        }
        try {
            ContextualChecks.checkWitnessCommitment(block, checkWitnessRoot);
            return false;
        } catch (ValidationException e) {
            return true;
        }
    }
}
