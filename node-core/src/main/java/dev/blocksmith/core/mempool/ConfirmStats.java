package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import java.util.Arrays;

/**
 * One time horizon of the fee estimator (bitcoind's TxConfirmStats): per fee rate bucket, decaying averages of the
 * transactions confirmed ({@code txCtAvg}, with their fee rates summed in {@code feeRateAvg}), of those confirmed
 * within each period ({@code confAvg[period][bucket]}, a period being {@code scale} blocks) and of those that left the
 * mempool unconfirmed after waiting each period out ({@code failAvg}); and, not decayed, the transactions still in the
 * mempool by the height they entered at ({@code unconfTxs}, a ring over the tracked blocks, older ones in
 * {@code oldUnconfTxs}).
 */
final class ConfirmStats {
    /** What estimateMedianVal found: the fee rate (-1: none) and the passing and failing bucket ranges. */
    record Result(double median, FeeEstimator.BucketRange pass, FeeEstimator.BucketRange fail) {
    }

    private final double[] buckets;
    private final double decay;
    private final int scale;
    private final double[] txCtAvg;
    private final double[] feeRateAvg;
    private final double[][] confAvg;
    private final double[][] failAvg;
    private final int[][] unconfTxs;
    private final int[] oldUnconfTxs;

    ConfirmStats(double[] buckets, int periods, double decay, int scale) {
        this(buckets, decay, scale, new double[buckets.length], new double[buckets.length], new double[periods][buckets.length],
                new double[periods][buckets.length]);
    }

    private ConfirmStats(double[] buckets, double decay, int scale, double[] feeRateAvg, double[] txCtAvg, double[][] confAvg,
                         double[][] failAvg) {
        this.buckets = buckets;
        this.decay = decay;
        this.scale = scale;
        this.feeRateAvg = feeRateAvg;
        this.txCtAvg = txCtAvg;
        this.confAvg = confAvg;
        this.failAvg = failAvg;
        this.unconfTxs = new int[scale * confAvg.length][buckets.length];
        this.oldUnconfTxs = new int[buckets.length];
    }

    double decay() {
        return decay;
    }

    int scale() {
        return scale;
    }

    /** The highest target this horizon tracks. */
    int maxConfirms() {
        return scale * confAvg.length;
    }

    /** The bucket of a fee rate: the first whose upper bound is at or above it. */
    int bucketOf(double feePerK) {
        int i = Arrays.binarySearch(buckets, feePerK);
        return i >= 0 ? i : Math.min(-i - 1, buckets.length - 1);
    }

    /** A new block: the ring slot it reuses hands its still-unconfirmed count to the old ones. */
    void clearCurrent(int height) {
        int[] slot = unconfTxs[height % unconfTxs.length];
        for (int b = 0; b < buckets.length; b++) {
            oldUnconfTxs[b] += slot[b];
            slot[b] = 0;
        }
    }

    /** A transaction confirmed after {@code blocksToConfirm} blocks (1 or more) at this fee rate. */
    void record(int blocksToConfirm, double feePerK) {
        if (blocksToConfirm < 1) return;
        int periodsToConfirm = (blocksToConfirm + scale - 1) / scale;
        int b = bucketOf(feePerK);
        for (int i = periodsToConfirm; i <= confAvg.length; i++) confAvg[i - 1][b]++;
        txCtAvg[b]++;
        feeRateAvg[b] += feePerK;
    }

    void updateMovingAverages() {
        for (int b = 0; b < buckets.length; b++) {
            for (int i = 0; i < confAvg.length; i++) {
                confAvg[i][b] *= decay;
                failAvg[i][b] *= decay;
            }
            feeRateAvg[b] *= decay;
            txCtAvg[b] *= decay;
        }
    }

    /** A transaction entered the mempool at {@code height}; returns its bucket. */
    int newTx(int height, double feePerK) {
        int b = bucketOf(feePerK);
        unconfTxs[height % unconfTxs.length][b]++;
        return b;
    }

    /**
     * A followed transaction left the mempool (in a block or not); one that left unconfirmed counts as a failure for
     * every whole period it waited.
     */
    void removeTx(int entryHeight, int bestSeenHeight, int bucket, boolean inBlock) {
        int blocksAgo = bestSeenHeight == 0 ? 0 : bestSeenHeight - entryHeight;
        if (blocksAgo < 0) return;
        if (blocksAgo >= unconfTxs.length) {
            if (oldUnconfTxs[bucket] > 0) oldUnconfTxs[bucket]--;
        } else {
            int[] slot = unconfTxs[entryHeight % unconfTxs.length];
            if (slot[bucket] > 0) slot[bucket]--;
        }
        if (!inBlock && blocksAgo >= scale) {
            int periodsAgo = blocksAgo / scale;
            for (int i = 0; i < periodsAgo && i < failAvg.length; i++) failAvg[i][bucket]++;
        }
    }

    /**
     * bitcoind's EstimateMedianVal: from the highest fee rate down, buckets are grouped until a group holds enough
     * transactions ({@code sufficientTxVal / (1 - decay)}); a group whose share confirmed within the target reaches
     * {@code successBreakPoint} passes and the search goes on below it; the answer is the average fee rate of the
     * bucket holding the median transaction of the lowest passing group.
     */
    Result estimateMedianVal(int confTarget, double sufficientTxVal, double successBreakPoint, int height) {
        double nConf = 0;
        double totalNum = 0;
        int extraNum = 0;
        double failNum = 0;
        int periodTarget = (confTarget + scale - 1) / scale;
        int maxBucket = buckets.length - 1;
        int curNear = maxBucket;
        int bestNear = maxBucket;
        int curFar = maxBucket;
        int bestFar = maxBucket;
        double partialNum = 0;
        boolean foundAnswer = false;
        int bins = unconfTxs.length;
        boolean newBucketRange = true;
        boolean passing = true;
        FeeEstimator.BucketRange pass = FeeEstimator.BucketRange.NONE;
        FeeEstimator.BucketRange fail = FeeEstimator.BucketRange.NONE;
        double passWithin = 0;
        double passTotal = 0;
        int passExtra = 0;
        double passFail = 0;

        for (int bucket = maxBucket; bucket >= 0; bucket--) {
            if (newBucketRange) {
                curNear = bucket;
                newBucketRange = false;
            }
            curFar = bucket;
            nConf += confAvg[periodTarget - 1][bucket];
            partialNum += txCtAvg[bucket];
            totalNum += txCtAvg[bucket];
            failNum += failAvg[periodTarget - 1][bucket];
            for (int confct = confTarget; confct < maxConfirms(); confct++) {
                // Unsigned 32-bit arithmetic, as bitcoind's: below the tracked span the height wraps around.
                extraNum += unconfTxs[(int) ((((long) height - confct) & 0xFFFFFFFFL) % bins)][bucket];
            }
            extraNum += oldUnconfTxs[bucket];
            if (partialNum < sufficientTxVal / (1 - decay)) continue;
            partialNum = 0;
            double curPct = nConf / (totalNum + failNum + extraNum);
            if (curPct < successBreakPoint) {
                if (passing) {
                    fail = range(Math.min(curNear, curFar), Math.max(curNear, curFar), nConf, totalNum, extraNum, failNum);
                    passing = false;
                }
                continue;
            }
            fail = FeeEstimator.BucketRange.NONE;
            foundAnswer = true;
            passing = true;
            passWithin = nConf;
            passTotal = totalNum;
            passExtra = extraNum;
            passFail = failNum;
            nConf = 0;
            totalNum = 0;
            failNum = 0;
            extraNum = 0;
            bestNear = curNear;
            bestFar = curFar;
            newBucketRange = true;
        }

        double median = -1;
        double txSum = 0;
        int minBucket = Math.min(bestNear, bestFar);
        int maxBest = Math.max(bestNear, bestFar);
        for (int j = minBucket; j <= maxBest; j++) txSum += txCtAvg[j];
        if (foundAnswer && txSum != 0) {
            txSum = txSum / 2;
            for (int j = minBucket; j <= maxBest; j++) {
                if (txCtAvg[j] < txSum) {
                    txSum -= txCtAvg[j];
                } else {
                    median = feeRateAvg[j] / txCtAvg[j];
                    break;
                }
            }
            pass = range(minBucket, maxBest, passWithin, passTotal, passExtra, passFail);
        } else {
            pass = new FeeEstimator.BucketRange(-1, -1, passWithin, passTotal, passExtra, passFail);
        }
        // Passing down to the last buckets, which had too little data: those are reported as the failing range.
        if (passing && !newBucketRange) {
            fail = range(Math.min(curNear, curFar), Math.max(curNear, curFar), nConf, totalNum, extraNum, failNum);
        }
        return new Result(median, pass, fail);
    }

    private FeeEstimator.BucketRange range(int min, int max, double within, double total, int extra, double failed) {
        return new FeeEstimator.BucketRange(min > 0 ? buckets[min - 1] : 0, buckets[max], within, total, extra, failed);
    }

    // ---------------------------------------------------------------- bitcoind's fee_estimates.dat layout

    void write(ByteWriter w) {
        w.i64le(Double.doubleToLongBits(decay));
        w.u32le(scale);
        writeDoubles(w, feeRateAvg);
        writeDoubles(w, txCtAvg);
        w.compactSize(confAvg.length);
        for (double[] row : confAvg) writeDoubles(w, row);
        w.compactSize(failAvg.length);
        for (double[] row : failAvg) writeDoubles(w, row);
    }

    static ConfirmStats read(ByteReader r, double[] buckets) {
        double decay = Double.longBitsToDouble(r.i64le());
        if (!(decay > 0 && decay < 1)) throw new IllegalArgumentException("Corrupt estimates file. Decay must be between 0 and 1 (non-inclusive)");
        long scale = r.u32le();
        if (scale == 0) throw new IllegalArgumentException("Corrupt estimates file. Scale must be non-zero");
        double[] feeRateAvg = readDoubles(r);
        if (feeRateAvg.length != buckets.length) throw new IllegalArgumentException("Corrupt estimates file. Mismatch in feerate average bucket count");
        double[] txCtAvg = readDoubles(r);
        if (txCtAvg.length != buckets.length) throw new IllegalArgumentException("Corrupt estimates file. Mismatch in tx count bucket count");
        double[][] confAvg = readRows(r, buckets.length);
        long maxConfirms = scale * confAvg.length;
        if (maxConfirms <= 0 || maxConfirms > 6 * 24 * 7) {
            throw new IllegalArgumentException("Corrupt estimates file.  Must maintain estimates for between 1 and 1008 (one week) confirms");
        }
        double[][] failAvg = readRows(r, buckets.length);
        if (failAvg.length != confAvg.length) throw new IllegalArgumentException("Corrupt estimates file. Mismatch in confirms tracked for failures");
        return new ConfirmStats(buckets, decay, (int) scale, feeRateAvg, txCtAvg, confAvg, failAvg);
    }

    private static double[][] readRows(ByteReader r, int width) {
        long n = r.compactSize();
        if (n > 1008) throw new IllegalArgumentException("Corrupt estimates file. Too many periods");
        double[][] rows = new double[(int) n][];
        for (int i = 0; i < n; i++) {
            rows[i] = readDoubles(r);
            if (rows[i].length != width) throw new IllegalArgumentException("Corrupt estimates file. Mismatch in bucket counts");
        }
        return rows;
    }

    static void writeDoubles(ByteWriter w, double[] values) {
        w.compactSize(values.length);
        for (double d : values) w.i64le(Double.doubleToLongBits(d));
    }

    static double[] readDoubles(ByteReader r) {
        long n = r.compactSize();
        if (n > 1000) throw new IllegalArgumentException("Corrupt estimates file. Too many buckets");
        double[] out = new double[(int) n];
        for (int i = 0; i < n; i++) out[i] = Double.longBitsToDouble(r.i64le());
        return out;
    }
}
