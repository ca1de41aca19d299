package dev.blocksmith.core.mempool;

import dev.blocksmith.core.events.QueuedDelivery;
import dev.blocksmith.core.events.ValidationEventQueue;
import dev.blocksmith.core.tx.Transaction;
import java.util.function.Supplier;

/**
 * A mempool listener that hears the mempool through the validation event queue (bitcoind's wallets hear
 * TransactionAddedToMempool and TransactionRemovedFromMempool there), so its events keep their order with the chain's
 * queued events: a block's confirmed transactions leave before the block connects, a disconnected block's come back
 * after it disconnects. Once {@link #deactivate() deactivated} nothing more reaches the target.
 */
final class QueuedMempoolListener implements MempoolListener {
    private final MempoolListener target;
    private final QueuedDelivery delivery;

    QueuedMempoolListener(MempoolListener target, Supplier<ValidationEventQueue> queue) {
        this.target = target;
        this.delivery = new QueuedDelivery(queue);
    }

    MempoolListener target() {
        return target;
    }

    /** Stops deliveries, waiting for one under way to end. */
    void deactivate() {
        delivery.deactivate();
    }

    private void post(Runnable event) {
        delivery.post(event);
    }

    @Override
    public void transactionAdded(Transaction tx, MempoolEntry entry) {
        post(() -> target.transactionAdded(tx, entry));
    }

    @Override
    public void transactionRemoved(Transaction tx, RemovalReason reason) {
        post(() -> target.transactionRemoved(tx, reason));
    }
}
