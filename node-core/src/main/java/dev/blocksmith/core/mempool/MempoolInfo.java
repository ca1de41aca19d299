package dev.blocksmith.core.mempool;

/**
 * The figures of getmempoolinfo.
 *
 * @param bytes sum of virtual sizes
 * @param usage estimated memory use, the quantity {@code maxMempool} limits
 * @param mempoolMinFee the larger of the rolling minimum and minRelayTxFee
 */
public record MempoolInfo(boolean loaded, int size, long bytes, long usage, long totalFee, long maxMempool,
                          FeeRate mempoolMinFee, FeeRate minRelayTxFee, FeeRate incrementalRelayFee, int unbroadcastCount,
                          boolean fullRbf, boolean permitBareMultisig, int maxDataCarrierSize) {
}
