package dev.blocksmith.core.chain;

/** What happened to a block handed to {@link ChainManager#processBlock}. */
public enum BlockAcceptance {
    /** Stored; the best chain now includes it. */
    CONNECTED,
    /** Stored and valid so far, but on a branch with less work than the tip (or awaiting parents' data). */
    STORED,
    /** We already had this block's data. */
    DUPLICATE,
    /**
     * An unrequested block not worth storing (less work than the tip, too far ahead, or below the minimum
     * chain work); its header was stored.
     */
    IGNORED
}
