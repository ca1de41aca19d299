package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.events.QueuedSubscriber;
import dev.blocksmith.core.events.ValidationEventQueue;
import java.util.function.Supplier;

/**
 * A chain listener that hears the chain through the validation event queue, outside the chain lock (bitcoind's
 * CValidationInterface subscribers: wallets, indexes): connections, disconnections, tip updates, flushes and
 * validation timings are queued under the lock, in the order they happened, and delivered on the queue's thread.
 * An invalid block and a new proof-of-work valid block are told at once, as bitcoind's BlockChecked and
 * NewPoWValidBlock, which it calls synchronously.
 * <p>
 * Once {@link #deactivate() deactivated} (the listener removed) nothing more reaches the target, not even what was
 * queued before, and no delivery is under way when {@link #deactivate()} returns: a wallet can be closed then.
 */
final class QueuedChainListener extends QueuedSubscriber<ChainListener> implements ChainListener {
    QueuedChainListener(ChainListener target, Supplier<ValidationEventQueue> queue) {
        super(target, queue);
    }

    @Override
    public void blockConnected(Block block, BlockIndex index) {
        post(() -> target().blockConnected(block, index));
    }

    @Override
    public void blockDisconnected(Block block, BlockIndex index) {
        post(() -> target().blockDisconnected(block, index));
    }

    @Override
    public void blockDisconnected(Block block, BlockIndex index, boolean returnTransactions) {
        post(() -> target().blockDisconnected(block, index, returnTransactions));
    }

    @Override
    public void blockValidated(BlockIndex index, int txCount, long connectNanos) {
        post(() -> target().blockValidated(index, txCount, connectNanos));
    }

    @Override
    public void chainStateFlushed(BlockIndex tip) {
        post(() -> target().chainStateFlushed(tip));
    }

    @Override
    public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
        post(() -> target().tipChanged(tip, initialBlockDownload));
    }

    @Override
    public void blockInvalid(BlockIndex index, String reason) {
        target().blockInvalid(index, reason);
    }

    @Override
    public void newPoWValidBlock(Block block, BlockIndex index) {
        target().newPoWValidBlock(block, index);
    }
}
