package dev.blocksmith.core.events;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.mempool.RemovalReason;
import dev.blocksmith.core.tx.Transaction;

/**
 * What leaves the chain and the mempool for the outside (bitcoind's CValidationInterface, the part its ZMQ
 * publishers use). Called on the {@link ValidationEventQueue}'s one thread, in the order the events happened
 * under the chain and mempool locks, never under them: a listener may block on I/O or read the chain.
 */
public interface ValidationListener {
    /** A transaction entered the mempool; {@code mempoolSequence} is the number the mempool gave the change. */
    default void transactionAddedToMempool(Transaction tx, long mempoolSequence) {
    }

    /**
     * A transaction left the mempool for any reason but inclusion in a connected block (bitcoind calls this for
     * every non-block reason; a block's own transactions still take a mempool sequence number each).
     */
    default void transactionRemovedFromMempool(Transaction tx, RemovalReason reason, long mempoolSequence) {
    }

    default void blockConnected(Block block, BlockIndex index) {
    }

    default void blockDisconnected(Block block, BlockIndex index) {
    }

    /**
     * The best chain's tip changed. {@code fork} is the last block the old and the new best chain share: equal to
     * {@code tip} when blocks were only disconnected (invalidateblock).
     */
    default void updatedBlockTip(BlockIndex tip, BlockIndex fork, boolean initialBlockDownload) {
    }
}
