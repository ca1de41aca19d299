package dev.blocksmith.wallet;

import dev.blocksmith.core.tx.Transaction;
import java.util.Optional;

/**
 * Hands a wallet transaction to the node: accept into the mempool and relay to peers. Implemented by the
 * node over its mempool; the wallet only needs to know whether it was accepted.
 */
@FunctionalInterface
public interface TransactionBroadcaster {
    /** @return empty when accepted, else the mempool's reject reason (bitcoind wording) */
    Optional<String> submit(Transaction tx);
}
