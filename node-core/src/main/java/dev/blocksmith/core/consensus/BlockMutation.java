package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;

import java.util.Optional;

/**
 * bitcoind's IsBlockMutated: whether a block's transactions fail to match its header (merkle root, CVE-2012-2459
 * duplication, the BIP141 witness commitment where segwit is active, witness data without a commitment). A mutated block may be a garbled copy of a valid one, so it
 * says nothing against the header; compact block reconstruction treats it as a short-id collision.
 */
public final class BlockMutation {
    private BlockMutation() {
    }

    /**
     * @param mutated whether the transactions fail to match the header
     * @param state   bitcoind's validation state text for the failed check ("bad-txnmrklroot, hashMerkleRoot mismatch"),
     *                which it logs as "Block mutated: ..."; empty for the 64-byte transaction case, which it does not log
     */
    public record Result(boolean mutated, Optional<String> state) {
        static final Result INTACT = new Result(false, Optional.empty());

        static Result because(String reason, String debug) {
            return new Result(true, Optional.of(reason + ", " + debug));
        }
    }

    public static boolean isMutated(Block block, boolean checkWitnessRoot) {
        return check(block, checkWitnessRoot).mutated();
    }

    public static Result check(Block block, boolean checkWitnessRoot) {
        if (block.transactions().isEmpty()) {
            // The root of no transactions is zero: a block without any is not mutated but invalid (bad-blk-length).
            return block.header().merkleRoot().equals(Sha256Hash.ZERO) ? Result.INTACT
                    : Result.because("bad-txnmrklroot", "hashMerkleRoot mismatch");
        }
        MerkleTree.Result merkle = block.computeMerkle();
        if (!merkle.root().equals(block.header().merkleRoot())) return Result.because("bad-txnmrklroot", "hashMerkleRoot mismatch");
        // CVE-2012-2459: a duplicated transaction gives the same root.
        if (merkle.mutated()) return Result.because("bad-txns-duplicate", "duplicate transaction");
        if (!block.transactions().get(0).isCoinbase()) {
            // "Weaknesses in Bitcoin's Merkle Root Construction", 3.1: a 64-byte transaction can pose as an inner
            // node; only looked for in blocks without a coinbase, which are invalid anyway (as bitcoind).
            for (Transaction tx : block.transactions()) {
                if (tx.baseSize() == 64) return new Result(true, Optional.empty());
            }
            return Result.INTACT;
        }
        try {
            ContextualChecks.checkWitnessCommitment(block, checkWitnessRoot);
            return Result.INTACT;
        } catch (ValidationException e) {
            return new Result(true, Optional.of(e.getMessage()));
        }
    }
}
