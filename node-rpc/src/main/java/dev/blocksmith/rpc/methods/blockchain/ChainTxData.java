package dev.blocksmith.rpc.methods.blockchain;

/**
 * bitcoind's ChainTxData: transaction count and rate at a known time, used to estimate
 * verification progress. Regtest uses zeros (progress 1.0 once the tip is reached).
 *
 * @param time    UNIX time of the reference point
 * @param txCount transactions in the chain up to the reference point
 * @param txRate  estimated transactions per second after it
 */
public record ChainTxData(long time, long txCount, double txRate) {
    public static final ChainTxData NONE = new ChainTxData(0, 0, 0);
}
