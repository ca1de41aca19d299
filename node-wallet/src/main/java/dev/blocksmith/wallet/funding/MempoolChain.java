package dev.blocksmith.wallet.funding;

/**
 * How an unconfirmed coin's transaction sits in the mempool, as bitcoind's wallet sees it (GetTransactionAncestry):
 * its ancestors, itself included, and the most descendants any of them has (CalculateDescendantMaximum), which a
 * new spend would add to. Both are 0 for a confirmed coin.
 */
public record MempoolChain(long ancestors, long descendants) {
    public static final MempoolChain CONFIRMED = new MempoolChain(0, 0);
}
