package dev.blocksmith.core.index;

/**
 * An optional index built from the chain and kept beside it (bitcoind's BaseIndex): it catches up with the active
 * chain in the background after {@link #start()}, then follows tip changes and reorgs as a queued chain listener
 * (on the validation event queue's thread, outside the chain lock, as bitcoind's validation interface subscribers).
 * getindexinfo reports each through {@link #summary()}.
 */
public interface ChainIndex extends AutoCloseable {
    /** The name getindexinfo uses, as bitcoind's ("basic block filter index"). */
    String name();

    /** Whether the index has caught up with the chain, and the height of the last block it holds. */
    IndexSummary summary();

    /**
     * Where the background sync will start, as bitcoind's StartIndexBackgroundSync finds it: empty when the index is
     * at the tip, else the height of its best block (or of the fork point, when a reorg left it behind), 0 for none.
     * The blocks from there to the tip must be stored for the index to start.
     */
    java.util.OptionalInt catchUpStartHeight();

    /** Starts the background catch-up. */
    void start();

    /**
     * bitcoind's BlockUntilSyncedToCurrentChain: false at once while the index is still catching up, otherwise
     * waits until the blocks already connected have reached it and returns true.
     */
    boolean awaitSyncedToTip();

    @Override
    void close();

    /** @param bestHeight the height of the index's best block, -1 before it holds any */
    record IndexSummary(String name, boolean synced, int bestHeight) {}
}
