package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.SigOpCounter;
import dev.blocksmith.core.tx.Transaction;

/** Context-free block rules (Core's CheckBlockHeader and CheckBlock). */
public final class BlockChecks {
    private BlockChecks() {
    }

    public static void checkHeader(BlockHeader header, NetworkParams params) throws ValidationException {
        if (!Difficulty.checkProofOfWork(header.hash(), header.bits(), params.powLimit())) {
            throw new ValidationException("high-hash", "proof of work failed");
        }
    }

    /**
     * @param checkPow also check the header's proof of work and, on a signet, the BIP325 block
     *     signature (bitcoind's fCheckPOW: both are skipped for block templates)
     */
    public static void checkBlock(Block block, NetworkParams params, boolean checkPow) throws ValidationException {
        if (checkPow) {
            checkHeader(block.header(), params);
            SignetBlockSolution.check(block, params);
        }

        MerkleTree.Result merkle = block.computeMerkle();
        if (!merkle.root().equals(block.header().merkleRoot())) {
            throw new ValidationException("bad-txnmrklroot", "hashMerkleRoot mismatch");
        }
        // CVE-2012-2459: a tree with duplicated subtrees has the same root as the honest block.
        if (merkle.mutated()) {
            throw new ValidationException("bad-txns-duplicate", "duplicate transaction");
        }

        int n = block.transactions().size();
        if (n == 0 || n * Transaction.WITNESS_SCALE_FACTOR > ConsensusLimits.MAX_BLOCK_WEIGHT
                || (long) block.baseSize() * Transaction.WITNESS_SCALE_FACTOR > ConsensusLimits.MAX_BLOCK_WEIGHT) {
            throw new ValidationException("bad-blk-length", "size limits failed");
        }
        if (!block.transactions().get(0).isCoinbase()) {
            throw new ValidationException("bad-cb-missing", "first tx is not coinbase");
        }
        for (int i = 1; i < n; i++) {
            if (block.transactions().get(i).isCoinbase()) {
                throw new ValidationException("bad-cb-multiple", "more than one coinbase");
            }
        }
        for (Transaction tx : block.transactions()) {
            try {
                TransactionChecks.check(tx);
            } catch (ValidationException e) {
                throw new ValidationException(e.reason(), "Transaction check failed (tx hash " + tx.txid() + ") " + e.debug());
            }
        }
        long sigops = 0;
        for (Transaction tx : block.transactions()) sigops += SigOpCounter.legacyCount(tx);
        if (sigops * Transaction.WITNESS_SCALE_FACTOR > ConsensusLimits.MAX_BLOCK_SIGOPS_COST) {
            throw new ValidationException("bad-blk-sigops", "out-of-bounds SigOpCount");
        }
    }
}
