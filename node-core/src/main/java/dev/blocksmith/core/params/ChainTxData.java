package dev.blocksmith.core.params;

/**
 * bitcoind's ChainTxData: the chain's transaction count at a known time and the rate after it, from which
 * getblockchaininfo estimates verificationprogress while the node syncs. Networks without such data
 * (regtest, custom networks) use {@link #NONE}: progress is 1.0 once the tip is reached.
 *
 * @param time    UNIX time of the reference point
 * @param txCount transactions in the chain up to the reference point
 * @param txRate  estimated transactions per second after it
 */
public record ChainTxData(long time, long txCount, double txRate) {
    public static final ChainTxData NONE = new ChainTxData(0, 0, 0);
}
