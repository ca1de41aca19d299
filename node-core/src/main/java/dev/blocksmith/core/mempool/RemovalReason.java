package dev.blocksmith.core.mempool;

/** Why a transaction left the mempool (Core's MemPoolRemovalReason). */
public enum RemovalReason {
    /** Included in a connected block. */
    CONFIRMED,
    /** Spends an output that a connected block's transaction spent. */
    CONFLICT,
    /** Replaced by a transaction paying more (replace-by-fee). */
    REPLACED,
    /** Older than the expiry time (-mempoolexpiry). */
    EXPIRY,
    /** Evicted to keep the mempool within -maxmempool. */
    SIZELIMIT,
    /** No longer valid after the chain was reorganised. */
    REORG
}
