package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.params.Deployments;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.Witness;
import java.util.Arrays;
import java.util.Optional;

/** Rules that depend on the block's position in the chain (Core's ContextualCheckBlockHeader/Block). */
public final class ContextualChecks {
    private ContextualChecks() {
    }

    /**
     * @param prev the parent (non-null)
     * @param adjustedNow the node's clock, in seconds
     */
    public static void checkHeader(BlockHeader header, BlockIndex prev, long adjustedNow, NetworkParams params)
            throws ValidationException {
        int height = prev.height() + 1;
        long expected = DifficultyCalculator.nextWorkRequired(prev, header.time(), params);
        if (header.bits() != expected) {
            throw new ValidationException("bad-diffbits", "incorrect proof of work");
        }
        if (header.time() <= prev.medianTimePast()) {
            throw new ValidationException("time-too-old", "block's timestamp is too early");
        }
        // BIP94: the first block of a period may not be more than 10 minutes older than its parent.
        if (params.enforceBip94() && height % params.retargetInterval() == 0
                && header.time() < prev.time() - ConsensusLimits.MAX_TIMEWARP) {
            throw new ValidationException("time-timewarp-attack", "block's timestamp is too early on diff adjustment block");
        }
        if (header.time() > adjustedNow + ConsensusLimits.MAX_FUTURE_BLOCK_TIME) {
            throw new ValidationException(ValidationException.Kind.INCONCLUSIVE, "time-too-new", "block timestamp too far in the future");
        }
        Deployments d = params.deployments();
        if ((header.version() < 2 && height >= d.bip34Height())
                || (header.version() < 3 && height >= d.bip66Height())
                || (header.version() < 4 && height >= d.bip65Height())) {
            throw new ValidationException("bad-version(0x" + String.format("%08x", header.version()) + ")",
                    "rejected nVersion=0x" + String.format("%08x", header.version()) + " block");
        }
    }

    /** Lock-time cutoff for finality: MTP of the parent once BIP113 (with CSV) is active, else block time. */
    public static long lockTimeCutoff(BlockHeader header, BlockIndex prev, NetworkParams params) {
        return prev.height() + 1 >= params.deployments().csvHeight() ? prev.medianTimePast() : header.time();
    }

    public static void checkBlock(Block block, BlockIndex prev, NetworkParams params) throws ValidationException {
        int height = prev.height() + 1;
        long cutoff = lockTimeCutoff(block.header(), prev, params);
        for (Transaction tx : block.transactions()) {
            if (!LockTime.isFinal(tx, height, cutoff)) {
                throw new ValidationException("bad-txns-nonfinal", "non-final transaction");
            }
        }
        if (height >= params.deployments().bip34Height()) {
            byte[] expect = new ScriptBuilder().number(height).build().rawBytes();
            byte[] sig = block.coinbase().input(0).scriptSig().rawBytes();
            if (sig.length < expect.length || !Arrays.equals(sig, 0, expect.length, expect, 0, expect.length)) {
                throw new ValidationException("bad-cb-height", "block height mismatch in coinbase");
            }
        }
        checkWitnessCommitment(block, height >= params.deployments().segwitHeight());
        if (block.weight() > ConsensusLimits.MAX_BLOCK_WEIGHT) {
            throw new ValidationException("bad-blk-weight", "ContextualCheckBlock : weight limit failed");
        }
    }

    /** BIP141 witness commitment rules. */
    static void checkWitnessCommitment(Block block, boolean segwitActive) throws ValidationException {
        if (segwitActive) {
            Optional<Integer> idx = Block.witnessCommitmentIndex(block.coinbase());
            if (idx.isPresent()) {
                Witness w = block.coinbase().input(0).witness();
                if (w.size() != 1 || w.rawItems().get(0).length != 32) {
                    throw new ValidationException("bad-witness-nonce-size", "CheckWitnessMalleation : invalid witness reserved value size");
                }
                Sha256Hash expected = Block.witnessCommitment(block.witnessMerkleRoot(), w.rawItems().get(0));
                byte[] script = block.coinbase().output(idx.get()).scriptPubKey().rawBytes();
                byte[] actual = Arrays.copyOfRange(script, 6, 38);
                if (!Arrays.equals(actual, expected.bytes())) {
                    throw new ValidationException("bad-witness-merkle-match", "CheckWitnessMalleation : witness merkle commitment mismatch");
                }
                return;
            }
        }
        // Without a (checked) commitment no transaction may carry witness data.
        for (Transaction tx : block.transactions()) {
            if (tx.hasWitness()) {
                throw new ValidationException("unexpected-witness", "CheckWitnessMalleation : unexpected witness data found");
            }
        }
    }

    /** Whether a coinbase input carries the single 32-byte reserved value (used by block assembly). */
    public static boolean hasWitnessReservedValue(TxIn coinbaseInput) {
        Witness w = coinbaseInput.witness();
        return w.size() == 1 && w.rawItems().get(0).length == 32;
    }
}
