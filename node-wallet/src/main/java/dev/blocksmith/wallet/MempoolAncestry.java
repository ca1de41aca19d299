package dev.blocksmith.wallet;

/**
 * A mempool transaction with its in-mempool ancestors (bitcoind's getTransactionAncestry, which listunspent shows
 * for unconfirmed coins): how many transactions, their virtual size and their modified fees, itself included; and
 * the most descendants (with itself) that any of them has, bitcoind's CalculateDescendantMaximum.
 */
public record MempoolAncestry(long count, long vsize, long fees, long descendantMaximum) {
}
