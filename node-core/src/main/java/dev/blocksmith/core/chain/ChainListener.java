package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;

/**
 * Chain events, delivered in order on the chain writer's thread right after each block's batch is
 * committed. Listeners must be quick and must not call back into chain writes.
 */
public interface ChainListener {
    default void blockConnected(Block block, BlockIndex index) {
    }

    default void blockDisconnected(Block block, BlockIndex index) {
    }

    /** A block was validated and connected; {@code connectNanos} is the time its connection took. */
    default void blockValidated(BlockIndex index, int txCount, long connectNanos) {
    }

    /**
     * A stored block failed to connect while the best chain was being activated (bitcoind's BlockChecked
     * with an invalid state): it may have arrived long before, so whoever sent it can be punished now.
     */
    default void blockInvalid(BlockIndex index, String reason) {
    }

    /** The best chain's tip changed (after a whole reorg or a single new block). */
    default void tipChanged(ChainTip tip, boolean initialBlockDownload) {
    }
}
