package dev.blocksmith.core.mempool;

import dev.blocksmith.core.tx.Transaction;

/**
 * Mempool events for wallets and relay. Called after the change, outside the mempool lock, in the
 * order the changes happened; listeners must be quick and must not block.
 */
public interface MempoolListener {
    default void transactionAdded(Transaction tx, MempoolEntry entry) {
    }

    default void transactionRemoved(Transaction tx, RemovalReason reason) {
    }
}
