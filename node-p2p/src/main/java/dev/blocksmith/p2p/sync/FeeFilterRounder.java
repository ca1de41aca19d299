package dev.blocksmith.p2p.sync;

import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * bitcoind's FeeFilterRounder: the fee rate announced in a feefilter (BIP133) is quantised to buckets 10% apart,
 * and usually rounded down a bucket, so that it does not reveal the exact state of our mempool. The buckets start
 * at half the default minimum relay fee (bitcoind builds them from DEFAULT_MIN_RELAY_TX_FEE, whatever
 * -minrelaytxfee is) and end at 10,000,000 sat/kvB; 0 is a bucket of its own.
 */
public final class FeeFilterRounder {
    /** bitcoind's DEFAULT_MIN_RELAY_TX_FEE (sat/kvB), from which the buckets are built. */
    static final long DEFAULT_MIN_RELAY_TX_FEE = 100;
    private static final double MAX_FILTER_FEERATE = 1e7;
    private static final double FEE_FILTER_SPACING = 1.1;

    private final NavigableSet<Double> buckets = new TreeSet<>();
    private final RandomGenerator random;

    public FeeFilterRounder(RandomGenerator random) {
        this.random = random;
        buckets.add(0.0);
        // The same floating-point steps as bitcoind's MakeFeeSet, so that the buckets are the same numbers.
        for (double b = Math.max(1, DEFAULT_MIN_RELAY_TX_FEE / 2); b <= MAX_FILTER_FEERATE; b *= FEE_FILTER_SPACING) {
            buckets.add(b);
        }
    }

    /** The highest filter: what MAX_MONEY rounds to (9,936,506 sat/kvB), sent while in initial block download. */
    public long max() {
        return (long) (double) buckets.last();
    }

    /**
     * bitcoind's round: the first bucket at or above {@code feeRatePerKvB}, or the one below it (always past the
     * last bucket, two times out of three otherwise, never below 0).
     */
    public long round(long feeRatePerKvB) {
        Double at = buckets.ceiling((double) feeRatePerKvB);
        if (at == null || (at != 0.0 && random.nextInt(3) != 0)) at = at == null ? buckets.last() : buckets.lower(at);
        return (long) (double) at;
    }
}
