package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fee estimation from observed confirmations, as bitcoind's block policy estimator so that estimatesmartfee and
 * estimaterawfee answer as bitcoind's for the same history: transactions entering the mempool (without unconfirmed
 * parents, while the chain is current) are put in exponentially spaced fee rate buckets and followed until they
 * confirm (counted for every target at or above the blocks they took) or leave unconfirmed (a failure for the periods
 * they waited out). Three horizons ({@link ConfirmStats}) keep decaying averages: short (12 blocks, decay 0.962),
 * medium (48 blocks in periods of 2, 0.9952) and long (1008 blocks in periods of 24, 0.99931).
 *
 * <p>estimatesmartfee takes the highest of: 60% confirmed within half the target, 85% within the target and 95%
 * within twice the target, each from the shortest horizon that tracks it (a conservative estimate also requires the
 * 95% at twice the target on the longer horizons). {@code fee_estimates.dat} is bitcoind's file format, so a bitcoind
 * datadir's estimates load here and the other way round.
 */
public final class FeeEstimator {
    private static final Logger LOG = LoggerFactory.getLogger(FeeEstimator.class);
    public static final int MAX_TARGET = 1008;
    static final double HALF_SUCCESS_PCT = 0.6;
    static final double SUCCESS_PCT = 0.85;
    static final double DOUBLE_SUCCESS_PCT = 0.95;
    /** Average transactions per block a bucket range needs before its success rate is judged. */
    static final double SUFFICIENT_FEETXS = 0.1;
    static final double SUFFICIENT_TXS_SHORT = 0.5;
    static final double MIN_BUCKET_FEERATE = 100;
    static final double MAX_BUCKET_FEERATE = 1e7;
    static final double FEE_SPACING = 1.05;
    static final double INF_FEERATE = 1e99;
    /** Historical estimates (read from the file) older than this many blocks are not used. */
    static final int OLDEST_ESTIMATE_HISTORY = 6 * 1008;
    /** bitcoind's MAX_FILE_AGE: an older file is not read unless -acceptstalefeeestimates. */
    public static final Duration MAX_FILE_AGE = Duration.ofHours(60);
    private static final int FILE_VERSION_REQUIRED = 149900;
    /** The version that wrote the file: bitcoind 30's CLIENT_VERSION, the version Blocksmith answers as. */
    private static final int FILE_WRITER_VERSION = 300000;

    /** An estimate and the target it answers. */
    public record Estimate(FeeRate feeRate, int blocks) {
    }

    /** bitcoind's estimate horizons, named as estimaterawfee names them. */
    public enum Horizon {
        SHORT("short"), MEDIUM("medium"), LONG("long");

        private final String rpcName;

        Horizon(String rpcName) {
            this.rpcName = rpcName;
        }

        public String rpcName() {
            return rpcName;
        }
    }

    /** A range of buckets and its counts: estimaterawfee's "pass" and "fail" objects (start -1: none). */
    public record BucketRange(double start, double end, double withinTarget, double totalConfirmed, double inMempool,
                              double leftMempool) {
        static final BucketRange NONE = new BucketRange(-1, -1, 0, 0, 0, 0);
    }

    /** One horizon's answer for estimaterawfee. */
    public record RawEstimate(Optional<FeeRate> feeRate, double decay, int scale, BucketRange pass, BucketRange fail) {
    }

    private record Tracked(int height, int bucket, double feePerK) {
    }

    private double[] buckets;
    private ConfirmStats shortStats;
    private ConfirmStats medStats;
    private ConfirmStats longStats;
    private final Map<Sha256Hash, Tracked> tracked = new HashMap<>();
    private int bestSeenHeight;
    private int firstRecordedHeight;
    private int historicalFirst;
    private int historicalBest;

    /** False for a node that ignores incoming transactions (-blocksonly): bitcoind makes no estimator then. */
    private final boolean enabled;

    public FeeEstimator() {
        this(true);
    }

    /** An estimator that answers nothing and reads or writes no file (bitcoind's node without one, -blocksonly). */
    public static FeeEstimator disabled() {
        return new FeeEstimator(false);
    }

    public boolean isEnabled() {
        return enabled;
    }

    private FeeEstimator(boolean enabled) {
        this.enabled = enabled;
        List<Double> bounds = new ArrayList<>();
        for (double b = MIN_BUCKET_FEERATE; b <= MAX_BUCKET_FEERATE; b *= FEE_SPACING) bounds.add(b);
        bounds.add(INF_FEERATE);
        buckets = bounds.stream().mapToDouble(Double::doubleValue).toArray();
        shortStats = new ConfirmStats(buckets, 12, 0.962, 1);
        medStats = new ConfirmStats(buckets, 24, 0.9952, 2);
        longStats = new ConfirmStats(buckets, 42, 0.99931, 24);
    }

    private ConfirmStats stats(Horizon h) {
        return switch (h) {
            case SHORT -> shortStats;
            case MEDIUM -> medStats;
            case LONG -> longStats;
        };
    }

    /** A transaction entered the mempool while the chain was at {@code height}; counted as bitcoind counts it. */
    public synchronized void processTransaction(Sha256Hash txid, FeeRate rate, int height) {
        processTransaction(txid, rate, height, true);
    }

    /**
     * As {@link #processTransaction(Sha256Hash, FeeRate, int)}; {@code validForEstimation} false (unconfirmed
     * parents, a package, a chain that is not current) leaves it out, as bitcoind. A transaction seen at another
     * height than the last block processed is ignored too.
     */
    public synchronized void processTransaction(Sha256Hash txid, FeeRate rate, int height, boolean validForEstimation) {
        if (!enabled || tracked.containsKey(txid) || height != bestSeenHeight || !validForEstimation) return;
        double feePerK = rate.satsPerKvB();
        int bucket = medStats.newTx(height, feePerK);
        shortStats.newTx(height, feePerK);
        longStats.newTx(height, feePerK);
        tracked.put(txid, new Tracked(height, bucket, feePerK));
    }

    /** A tracked transaction left the mempool without confirming. */
    public synchronized void removeTransaction(Sha256Hash txid) {
        removeTx(txid, false);
    }

    private boolean removeTx(Sha256Hash txid, boolean inBlock) {
        Tracked t = tracked.remove(txid);
        if (t == null) return false;
        for (ConfirmStats s : List.of(medStats, shortStats, longStats)) s.removeTx(t.height(), bestSeenHeight, t.bucket(), inBlock);
        return true;
    }

    /**
     * A block connected at {@code height}, its transactions with the fee rate each entered at (bitcoind's
     * MempoolTransactionsRemovedForBlock). Blocks at or below the best seen are ignored (reorgs).
     */
    public synchronized void processBlock(int height, List<Sha256Hash> txids) {
        if (!enabled || height <= bestSeenHeight) return;
        bestSeenHeight = height;
        for (ConfirmStats s : List.of(medStats, shortStats, longStats)) {
            s.clearCurrent(height);
            s.updateMovingAverages();
        }
        int counted = 0;
        for (Sha256Hash txid : txids) {
            Tracked t = tracked.get(txid);
            if (t == null) continue;
            removeTx(txid, true);
            int blocksToConfirm = height - t.height();
            if (blocksToConfirm <= 0) continue;
            for (ConfirmStats s : List.of(medStats, shortStats, longStats)) s.record(blocksToConfirm, t.feePerK());
            counted++;
        }
        if (firstRecordedHeight == 0 && counted > 0) firstRecordedHeight = bestSeenHeight;
    }

    /** bitcoind's FlushUnconfirmed (at shutdown): every transaction still followed counts as having left unconfirmed. */
    public synchronized void flushUnconfirmed() {
        for (Sha256Hash txid : List.copyOf(tracked.keySet())) removeTx(txid, false);
    }

    private int blockSpan() {
        return firstRecordedHeight == 0 ? 0 : bestSeenHeight - firstRecordedHeight;
    }

    private int historicalBlockSpan() {
        if (historicalFirst == 0) return 0;
        if (bestSeenHeight - historicalBest > OLDEST_ESTIMATE_HISTORY) return 0;
        return historicalBest - historicalFirst;
    }

    private int maxUsableEstimate() {
        return Math.min(longStats.maxConfirms(), Math.max(blockSpan(), historicalBlockSpan()) / 2);
    }

    /** The highest target a horizon tracks (estimaterawfee answers a horizon only up to it). */
    public synchronized int highestTargetTracked(Horizon h) {
        return stats(h).maxConfirms();
    }

    /**
     * The target estimatesmartfee answers for {@code target} (bitcoind's FeeCalculation.returnedTarget): 1 is
     * answered for 2, targets beyond half the recorded history are lowered to it; 1 or less means no estimate.
     */
    public synchronized int answeredTarget(int target) {
        int t = target == 1 ? 2 : target;
        return Math.min(t, maxUsableEstimate());
    }

    /** estimatesmartfee's estimate; empty when there is not enough data for any bucket range to pass. */
    public synchronized Optional<Estimate> estimateSmartFee(int target, boolean conservative) {
        if (target <= 0 || target > longStats.maxConfirms()) return Optional.empty();
        int t = answeredTarget(target);
        if (t <= 1) return Optional.empty();
        double median = combined(t / 2, HALF_SUCCESS_PCT, true);
        median = Math.max(median, combined(t, SUCCESS_PCT, true));
        median = Math.max(median, combined(2 * t, DOUBLE_SUCCESS_PCT, !conservative));
        if (conservative || median == -1) median = Math.max(median, conservativeEstimate(2 * t));
        if (median < 0) return Optional.empty();
        return Optional.of(new Estimate(FeeRate.ofSatsPerKvB(Math.round(median)), t));
    }

    /** bitcoind's estimateCombinedFee: the shortest horizon tracking the target, optionally lowered by shorter ones. */
    private double combined(int target, double threshold, boolean checkShorterHorizon) {
        double estimate = -1;
        if (target < 1 || target > longStats.maxConfirms()) return estimate;
        if (target <= shortStats.maxConfirms()) {
            estimate = shortStats.estimateMedianVal(target, SUFFICIENT_TXS_SHORT, threshold, bestSeenHeight).median();
        } else if (target <= medStats.maxConfirms()) {
            estimate = medStats.estimateMedianVal(target, SUFFICIENT_FEETXS, threshold, bestSeenHeight).median();
        } else {
            estimate = longStats.estimateMedianVal(target, SUFFICIENT_FEETXS, threshold, bestSeenHeight).median();
        }
        if (checkShorterHorizon) {
            if (target > medStats.maxConfirms()) {
                double medMax = medStats.estimateMedianVal(medStats.maxConfirms(), SUFFICIENT_FEETXS, threshold, bestSeenHeight).median();
                if (medMax > 0 && (estimate == -1 || medMax < estimate)) estimate = medMax;
            }
            if (target > shortStats.maxConfirms()) {
                double shortMax = shortStats.estimateMedianVal(shortStats.maxConfirms(), SUFFICIENT_TXS_SHORT, threshold, bestSeenHeight).median();
                if (shortMax > 0 && (estimate == -1 || shortMax < estimate)) estimate = shortMax;
            }
        }
        return estimate;
    }

    /** bitcoind's estimateConservativeFee: the 95% at twice the target must hold on the longer horizons too. */
    private double conservativeEstimate(int doubleTarget) {
        double estimate = -1;
        if (doubleTarget <= shortStats.maxConfirms()) {
            estimate = medStats.estimateMedianVal(doubleTarget, SUFFICIENT_FEETXS, DOUBLE_SUCCESS_PCT, bestSeenHeight).median();
        }
        if (doubleTarget <= medStats.maxConfirms()) {
            estimate = Math.max(estimate, longStats.estimateMedianVal(doubleTarget, SUFFICIENT_FEETXS, DOUBLE_SUCCESS_PCT, bestSeenHeight).median());
        }
        return estimate;
    }

    /** estimaterawfee for one horizon (which must track {@code target}). */
    public synchronized RawEstimate estimateRawFee(int target, double threshold, Horizon horizon) {
        ConfirmStats s = stats(horizon);
        double sufficient = horizon == Horizon.SHORT ? SUFFICIENT_TXS_SHORT : SUFFICIENT_FEETXS;
        if (target <= 0 || target > s.maxConfirms() || threshold > 1) {
            return new RawEstimate(Optional.empty(), s.decay(), s.scale(), BucketRange.NONE, BucketRange.NONE);
        }
        ConfirmStats.Result r = s.estimateMedianVal(target, sufficient, threshold, bestSeenHeight);
        Optional<FeeRate> rate = r.median() < 0 ? Optional.empty() : Optional.of(FeeRate.ofSatsPerKvB(Math.round(r.median())));
        return new RawEstimate(rate.filter(f -> f.satsPerKvB() > 0), s.decay(), s.scale(), r.pass(), r.fail());
    }

    public synchronized int bestHeight() {
        return bestSeenHeight;
    }

    /** Writes fee_estimates.dat in bitcoind's format (replaced atomically). */
    public void save(Path file) throws IOException {
        if (!enabled) return;
        ByteWriter w = new ByteWriter(1 << 16);
        synchronized (this) {
            w.i32le(FILE_VERSION_REQUIRED).i32le(FILE_WRITER_VERSION).u32le(bestSeenHeight);
            if (blockSpan() > historicalBlockSpan() / 2) {
                w.u32le(firstRecordedHeight).u32le(bestSeenHeight);
            } else {
                w.u32le(historicalFirst).u32le(historicalBest);
            }
            ConfirmStats.writeDoubles(w, buckets);
            medStats.write(w);
            shortStats.write(w);
            longStats.write(w);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.write(tmp, w.toByteArray());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads fee_estimates.dat of any age (see {@link #load(Path, boolean, Instant)}). */
    public boolean load(Path file) {
        return load(file, true, Instant.now());
    }

    /**
     * Reads fee_estimates.dat as bitcoind: a file last written more than {@link #MAX_FILE_AGE} before {@code now} is
     * not read unless {@code acceptStale}; a missing or damaged file leaves the estimator empty (logged, non-fatal).
     */
    public boolean load(Path file, boolean acceptStale, Instant now) {
        if (!enabled) return false;
        byte[] all;
        try {
            if (!acceptStale) {
                Duration age = Duration.between(Files.getLastModifiedTime(file).toInstant(), now);
                if (age.compareTo(MAX_FILE_AGE) > 0) {
                    LOG.info("Fee estimation file {} too old (age={} > {} hours) and will not be used to avoid serving stale estimates.",
                            file, age.toHours(), MAX_FILE_AGE.toHours());
                    return false;
                }
            }
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            LOG.info("{} is not found. Continue anyway.", file);
            return false;
        } catch (IOException e) {
            LOG.info("Failed to read fee estimates from {}. Continue anyway.", file);
            return false;
        }
        try {
            ByteReader r = new ByteReader(all, 0, all.length);
            int required = r.i32le();
            r.i32le();
            if (required > FILE_WRITER_VERSION) throw new IllegalArgumentException("up-version (" + required + ") fee estimate file");
            int fileBest = (int) r.u32le();
            if (required < FILE_VERSION_REQUIRED) {
                LOG.info("incompatible old fee estimation data (non-fatal). Version: {}", required);
                return false;
            }
            int first = (int) r.u32le();
            int best = (int) r.u32le();
            if (Integer.compareUnsigned(first, best) > 0 || Integer.compareUnsigned(best, fileBest) > 0) {
                throw new IllegalArgumentException("Corrupt estimates file. Historical block range for estimates is invalid");
            }
            double[] fileBuckets = ConfirmStats.readDoubles(r);
            if (fileBuckets.length <= 1 || fileBuckets.length > 1000) {
                throw new IllegalArgumentException("Corrupt estimates file. Must have between 2 and 1000 feerate buckets");
            }
            ConfirmStats med = ConfirmStats.read(r, fileBuckets);
            ConfirmStats sh = ConfirmStats.read(r, fileBuckets);
            ConfirmStats lg = ConfirmStats.read(r, fileBuckets);
            synchronized (this) {
                buckets = fileBuckets;
                medStats = med;
                shortStats = sh;
                longStats = lg;
                tracked.clear();
                bestSeenHeight = fileBest;
                historicalFirst = first;
                historicalBest = best;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.info("CBlockPolicyEstimator::Read(): unable to read policy estimator data (non-fatal): {}", e.getMessage());
            LOG.info("Failed to read fee estimates from {}. Continue anyway.", file);
            return false;
        }
    }
}
