package dev.blocksmith.core.consensus;

import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.List;

/** Absolute (nLockTime) and BIP68 relative lock-time rules. */
public final class LockTime {
    private LockTime() {
    }

    /** Core's IsFinalTx. */
    public static boolean isFinal(Transaction tx, int height, long blockTime) {
        long lt = tx.lockTime();
        if (lt == 0) return true;
        long cmp = lt < ConsensusLimits.LOCKTIME_THRESHOLD ? height : blockTime;
        if (lt < cmp) return true;
        // A lock time is ignored when every input opted out with a final sequence.
        for (TxIn in : tx.inputs()) {
            if (in.sequence() != TxIn.SEQUENCE_FINAL) return false;
        }
        return true;
    }

    /** Minimum height and time (exclusive) at which a transaction's BIP68 locks are satisfied. */
    public record SequenceLocks(int minHeight, long minTime) {
    }

    /**
     * Core's CalculateSequenceLocks. {@code coinHeights} are the heights of the coins each input spends;
     * {@code block} is the index of the block the transaction would be in (its parent is used for MTPs).
     */
    public static SequenceLocks sequenceLocks(Transaction tx, boolean enforce, List<Integer> coinHeights, BlockIndex blockPrev,
                                              int blockHeight) {
        int minHeight = -1;
        long minTime = -1;
        // BIP68 applies to version 2+ transactions only, the version compared unsigned as in Core:
        // "negative" versions (0x80000000 and up) are subject to it too.
        if (Integer.compareUnsigned(tx.version(), 2) < 0 || !enforce) return new SequenceLocks(minHeight, minTime);
        for (int i = 0; i < tx.inputs().size(); i++) {
            long seq = tx.input(i).sequence();
            if ((seq & TxIn.SEQUENCE_LOCKTIME_DISABLE_FLAG) != 0) continue;
            int coinHeight = coinHeights.get(i);
            if ((seq & TxIn.SEQUENCE_LOCKTIME_TYPE_FLAG) != 0) {
                // Time-based: measured from the MTP of the block before the one containing the coin.
                BlockIndex anc = blockPrev.ancestor(Math.max(coinHeight - 1, 0));
                long coinTime = anc == null ? blockPrev.medianTimePast() : anc.medianTimePast();
                long t = coinTime + ((seq & TxIn.SEQUENCE_LOCKTIME_MASK) << 9) - 1;
                minTime = Math.max(minTime, t);
            } else {
                int h = coinHeight + (int) (seq & TxIn.SEQUENCE_LOCKTIME_MASK) - 1;
                minHeight = Math.max(minHeight, h);
            }
        }
        return new SequenceLocks(minHeight, minTime);
    }

    /** Core's EvaluateSequenceLocks: the block at {@code height} with parent MTP {@code prevMtp} satisfies them. */
    public static boolean sequenceLocksSatisfied(SequenceLocks locks, int height, long prevMtp) {
        return locks.minHeight() < height && locks.minTime() < prevMtp;
    }
}
