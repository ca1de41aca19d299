package dev.blocksmith.rpc.methods.mempool;

import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.tx.Transaction;

/**
 * Announces a mempool transaction to peers (the relay half of bitcoind's BroadcastTransaction). The node
 * wires this to its P2P network; without networking it does nothing.
 */
@FunctionalInterface
public interface TransactionBroadcaster {
    /**
     * @param feeRate the transaction's fee rate, compared with each peer's BIP133 fee filter
     */
    void announce(Transaction tx, FeeRate feeRate);

    static TransactionBroadcaster none() {
        return (tx, feeRate) -> { };
    }
}
