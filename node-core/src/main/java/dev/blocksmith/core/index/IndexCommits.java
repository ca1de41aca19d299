package dev.blocksmith.core.index;

import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;

/**
 * When an index may commit its best block. bitcoind's indexes write their locator (and coinstatsindex its MuHash) at
 * the chain state flush (BaseIndex::ChainStateFlushed) and every 30 seconds while syncing: a restart after a crash
 * knows the chain as of the last flush only, so a committed best block must be at or below the flushed tip, or the
 * index would resume from a block the chain forgot.
 */
final class IndexCommits {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IndexCommits.class);
    /** bitcoind's SYNC_LOCATOR_WRITE_INTERVAL: how often a catching-up index commits its progress. */
    static final long SYNC_COMMIT_INTERVAL_NANOS = 30_000_000_000L;

    private IndexCommits() {
    }

    /** Whether {@code best} survives a crash of the chain: it is the flushed tip or one of its ancestors. */
    static boolean durable(ChainManager chain, BlockIndex best) {
        BlockIndex flushed = chain.flushedTip();
        return flushed != null && best.height() <= flushed.height() && flushed.ancestor(best.height()) == best;
    }

    /**
     * At an index's close: flushes the chain first, so the index commits the tip it reached (bitcoind flushes the
     * chain state, which commits the indexes, before stopping them). A chain closed already is left as it is.
     */
    static void flushChain(ChainManager chain) {
        try {
            chain.flush();
        } catch (RuntimeException e) {
            LOG.debug("Index close: the chain state could not be flushed ({}); the index commits its last durable block",
                    e.getMessage());
        }
    }

    /**
     * bitcoind's BlockUntilSyncedToCurrentChain for an index following the chain through the validation queue: waits
     * until the blocks connected before the call reached it; false when interrupted.
     */
    static boolean awaitQueue(ChainManager chain) {
        try {
            chain.awaitQueuedListeners();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
