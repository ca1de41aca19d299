package dev.blocksmith.core.mempool;

import dev.blocksmith.core.events.QueuedSubscriber;
import dev.blocksmith.core.events.ValidationEventQueue;
import dev.blocksmith.core.tx.Transaction;
import java.util.function.Supplier;

/**
 * A mempool listener that hears the mempool through the validation event queue (bitcoind's wallets hear
 * TransactionAddedToMempool and TransactionRemovedFromMempool there), so its events keep their order with the chain's
 * queued events: a block's confirmed transactions leave before the block connects, a disconnected block's come back
 * after it disconnects. Once {@link #deactivate() deactivated} nothing more reaches the target.
 */
final class QueuedMempoolListener extends QueuedSubscriber<MempoolListener> implements MempoolListener {
    QueuedMempoolListener(MempoolListener target, Supplier<ValidationEventQueue> queue) {
        super(target, queue);
    }

    @Override
    public void transactionAdded(Transaction tx, MempoolEntry entry) {
        post(() -> target().transactionAdded(tx, entry));
    }

    @Override
    public void transactionRemoved(Transaction tx, RemovalReason reason) {
        post(() -> target().transactionRemoved(tx, reason));
    }
}
