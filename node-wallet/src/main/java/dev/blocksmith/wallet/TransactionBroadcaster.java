package dev.blocksmith.wallet;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.List;
import java.util.Optional;

/**
 * The node's mempool as a wallet uses it: hand a transaction over (accept and relay to peers), and ask what
 * it holds. Implemented by the node over its mempool; a broadcaster without a mempool of its own (as in
 * tests that collect what is submitted) holds nothing.
 */
@FunctionalInterface
public interface TransactionBroadcaster {
    /** @return empty when accepted, else the mempool's reject reason (bitcoind wording) */
    Optional<String> submit(Transaction tx);

    /** Whether the mempool holds the transaction (abandontransaction refuses those that it does). */
    default boolean inMempool(Sha256Hash txid) {
        return false;
    }

    /**
     * The output {@code op} names when a mempool transaction creates it, spent in the mempool or not (bitcoind's
     * CCoinsViewMemPool, which fundrawtransaction and signrawtransactionwithwallet look inputs up in).
     */
    default Optional<TxOut> mempoolOutput(OutPoint op) {
        return Optional.empty();
    }

    /** The mempool's transactions, for the scan that follows importing new scripts. */
    default List<Transaction> mempoolTransactions() {
        return List.of();
    }

    /**
     * The in-mempool ancestors of a mempool transaction (not itself); empty when the mempool does not hold it
     * (bitcoind's IsRBFOptIn then answers "unknown").
     */
    default Optional<List<Transaction>> mempoolAncestors(Sha256Hash txid) {
        return Optional.empty();
    }

    /**
     * Whether a mempool transaction spends one of the transaction's outputs (bitcoind's hasDescendantsInMempool, which
     * stops a fee bump: the replacement would evict them).
     */
    default boolean hasDescendantsInMempool(Sha256Hash txid) {
        return false;
    }

    /** The mempool's -incrementalrelayfee: what a replacement must add per virtual byte (bitcoind 30's default 100 sat/kvB). */
    default FeeRate incrementalRelayFee() {
        return DEFAULT_INCREMENTAL_RELAY_FEE;
    }

    /** bitcoind's DEFAULT_INCREMENTAL_RELAY_FEE in 30.0: 100 sat/kvB. */
    FeeRate DEFAULT_INCREMENTAL_RELAY_FEE = new FeeRate(100);

    /** The ancestry of a mempool transaction; empty when the mempool does not hold it. */
    default Optional<MempoolAncestry> ancestry(Sha256Hash txid) {
        return Optional.empty();
    }

    /**
     * Why the mempool would refuse the transaction for its unconfirmed chain (ancestor or descendant limits), if
     * it would; bitcoind's checkChainLimits, asked before a send under -walletrejectlongchains.
     */
    default Optional<String> chainLimitViolation(Transaction tx) {
        return Optional.empty();
    }

    /**
     * {@code mempool} for lookups, but one that never submits: every transaction counts as sent without reaching
     * the mempool (-walletbroadcast=0).
     */
    static TransactionBroadcaster holdingBack(TransactionBroadcaster mempool) {
        return new TransactionBroadcaster() {
            @Override
            public Optional<String> submit(Transaction tx) {
                return Optional.empty();
            }

            @Override
            public boolean inMempool(Sha256Hash txid) {
                return mempool.inMempool(txid);
            }

            @Override
            public Optional<TxOut> mempoolOutput(OutPoint op) {
                return mempool.mempoolOutput(op);
            }

            @Override
            public List<Transaction> mempoolTransactions() {
                return mempool.mempoolTransactions();
            }

            @Override
            public Optional<String> chainLimitViolation(Transaction tx) {
                return mempool.chainLimitViolation(tx);
            }

            @Override
            public Optional<List<Transaction>> mempoolAncestors(Sha256Hash txid) {
                return mempool.mempoolAncestors(txid);
            }

            @Override
            public Optional<MempoolAncestry> ancestry(Sha256Hash txid) {
                return mempool.ancestry(txid);
            }

            @Override
            public boolean hasDescendantsInMempool(Sha256Hash txid) {
                return mempool.hasDescendantsInMempool(txid);
            }

            @Override
            public FeeRate incrementalRelayFee() {
                return mempool.incrementalRelayFee();
            }
        };
    }
}
