package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;

/**
 * Chain events, in the order they happened. A listener registered with {@link ChainManager#addListener} hears them on
 * the chain writer's thread, under the chain lock, right after each block's batch is committed (bitcoind's calls
 * inside ConnectTip: the mempool); it must be quick and must not call back into chain writes. One registered with
 * {@link ChainManager#addQueuedListener} hears them on the validation event queue's thread, outside the lock
 * (bitcoind's validation interface queue: wallets, the optional indexes), except {@link #blockInvalid} and {@link #newPoWValidBlock},
 * which bitcoind calls synchronously too.
 */
public interface ChainListener {
    default void blockConnected(Block block, BlockIndex index) {
    }

    default void blockDisconnected(Block block, BlockIndex index) {
    }

    /**
     * A block left the best chain. {@code returnTransactions} is false from the 11th block an invalidateblock
     * disconnects on: bitcoind's InvalidateBlock takes only the first ten blocks' transactions back into the
     * mempool (keeping it current through a deeper invalidation is futile). Listeners that do not care about it
     * hear {@link #blockDisconnected(Block, BlockIndex)}.
     */
    default void blockDisconnected(Block block, BlockIndex index, boolean returnTransactions) {
        blockDisconnected(block, index);
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

    /**
     * A block extending the active tip passed CheckBlock and the contextual block checks and is about to be
     * stored and connected (bitcoind's NewPoWValidBlock, outside initial block download only): BIP152 lets such
     * a block be announced to high-bandwidth peers before its scripts and inputs are checked.
     */
    default void newPoWValidBlock(Block block, BlockIndex index) {
    }

    /**
     * The chain state was flushed with {@code tip} as the database's tip (bitcoind's ChainStateFlushed): after a crash
     * the node resumes from there, so an index commits its best block (at or below {@code tip}) now.
     */
    default void chainStateFlushed(BlockIndex tip) {
    }

    /** The best chain's tip changed (after a whole reorg or a single new block). */
    default void tipChanged(ChainTip tip, boolean initialBlockDownload) {
    }
}
