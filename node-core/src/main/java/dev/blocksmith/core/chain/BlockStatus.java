package dev.blocksmith.core.chain;

/** Bit flags of a {@link BlockIndex}'s validation state and stored data (after Core's BlockStatus). */
public final class BlockStatus {
    private BlockStatus() {
    }

    /** Header passed PoW and contextual header checks. */
    public static final int VALID_HEADER = 1;
    /** Block passed context-free and contextual block checks (CheckBlock, ContextualCheckBlock). */
    public static final int VALID_TRANSACTIONS = 1 << 1;
    /** Block was connected: inputs, amounts and scripts all valid. */
    public static final int VALID_SCRIPTS = 1 << 2;
    /** Full block data is stored. */
    public static final int HAVE_DATA = 1 << 3;
    /** Undo data is stored (the block is or was connected). */
    public static final int HAVE_UNDO = 1 << 4;
    /** The block itself is invalid. */
    public static final int FAILED_VALID = 1 << 5;
    /** An ancestor is invalid. */
    public static final int FAILED_CHILD = 1 << 6;

    public static final int FAILED_MASK = FAILED_VALID | FAILED_CHILD;
    /**
     * The block was received under segwit's rules (bitcoind's BLOCK_OPT_WITNESS): its data includes the witnesses,
     * and its checks included the witness commitment. A best chain whose blocks at or above the segwit height lack it
     * was validated by rules that did not yet enforce segwit there, and must be validated again (-reindex).
     */
    public static final int OPT_WITNESS = 1 << 7;
}
