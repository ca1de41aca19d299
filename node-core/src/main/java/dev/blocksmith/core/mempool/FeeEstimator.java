package dev.blocksmith.core.mempool;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fee estimation from observed confirmations, after the idea of Core's CBlockPolicyEstimator: each
 * transaction entering the mempool is recorded with its fee rate bucket (exponentially spaced) and
 * the height it entered at; when it confirms, the blocks it took are counted for every target at or
 * above that number; when it leaves unconfirmed, or waits longer than a target, it counts as a failure
 * for that target. All counts decay per block so recent behaviour dominates.
 *
 * <p>For a target of N blocks the estimate is the lowest group of buckets (grouped from the highest
 * fee rate down until they hold enough data) in which the required share of transactions confirmed
 * within N blocks: 85% for a conservative, 60% for an economical estimate. The answer is the average
 * confirmed fee rate of that group. Without enough data there is no estimate.
 */
public final class FeeEstimator {
    private static final Logger LOG = LoggerFactory.getLogger(FeeEstimator.class);
    public static final int MAX_TARGET = 1008;
    public static final double CONSERVATIVE_THRESHOLD = 0.85;
    public static final double ECONOMICAL_THRESHOLD = 0.60;
    /** Per-block decay of every count: a half-life of about 350 blocks. */
    static final double DECAY = 0.998;
    /** Core's SUFFICIENT_FEETXS: an average of 0.1 transactions per block in a bucket group. */
    static final double SUFFICIENT_TXS_PER_BLOCK = 0.1;
    static final double MIN_BUCKET_FEERATE = 1000;
    static final double MAX_BUCKET_FEERATE = 1e7;
    static final double FEE_SPACING = 1.05;
    private static final byte[] MAGIC = {'B', 'S', 'F', 'E'};
    private static final long FILE_VERSION = 1;

    /** An estimate and the target it answers. */
    public record Estimate(FeeRate feeRate, int blocks) {
    }

    private record Tracked(int bucket, int height, long satsPerKvB) {
    }

    private final double[] bucketUpper;
    private final double[] txCount;
    private final double[] feeSum;
    private final double[][] confirmed;
    private final double[][] failed;
    private final Map<Sha256Hash, Tracked> tracked = new HashMap<>();
    private int bestHeight;
    /** The first block in which a tracked transaction confirmed: the start of the usable history. */
    private int firstRecordedHeight;
    /** Nothing recorded yet (as during initial block download): decaying zeros is skipped. */
    private boolean empty = true;

    public FeeEstimator() {
        List<Double> bounds = new ArrayList<>();
        for (double b = MIN_BUCKET_FEERATE; b <= MAX_BUCKET_FEERATE; b *= FEE_SPACING) bounds.add(b);
        bounds.add(Double.POSITIVE_INFINITY);
        bucketUpper = bounds.stream().mapToDouble(Double::doubleValue).toArray();
        txCount = new double[bucketUpper.length];
        feeSum = new double[bucketUpper.length];
        confirmed = new double[MAX_TARGET][bucketUpper.length];
        failed = new double[MAX_TARGET][bucketUpper.length];
    }

    private int bucketOf(long satsPerKvB) {
        int lo = 0;
        int hi = bucketUpper.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (satsPerKvB <= bucketUpper[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** A transaction entered the mempool while the chain was at {@code height}. */
    public synchronized void processTransaction(Sha256Hash txid, FeeRate rate, int height) {
        tracked.put(txid, new Tracked(bucketOf(rate.satsPerKvB()), height, rate.satsPerKvB()));
    }

    /** A tracked transaction left the mempool without confirming: a failure for every target it waited out. */
    public synchronized void removeTransaction(Sha256Hash txid) {
        Tracked t = tracked.remove(txid);
        if (t == null) return;
        int waited = Math.min(bestHeight - t.height(), MAX_TARGET);
        for (int target = 1; target <= waited; target++) failed[target - 1][t.bucket()] += 1;
        if (waited > 0) empty = false;
    }

    /** A block connected at {@code height} with these transactions. Blocks at or below the best seen are ignored (reorgs). */
    public synchronized void processBlock(int height, List<Sha256Hash> txids) {
        if (height <= bestHeight) return;
        bestHeight = height;
        if (!empty) decay();
        for (Sha256Hash txid : txids) {
            Tracked t = tracked.remove(txid);
            if (t == null) continue;
            int blocks = height - t.height();
            if (blocks <= 0) continue;
            if (firstRecordedHeight == 0) firstRecordedHeight = height;
            empty = false;
            txCount[t.bucket()] += 1;
            feeSum[t.bucket()] += t.satsPerKvB();
            for (int target = blocks; target <= MAX_TARGET; target++) confirmed[target - 1][t.bucket()] += 1;
        }
    }

    private void decay() {
        for (int b = 0; b < bucketUpper.length; b++) {
            txCount[b] *= DECAY;
            feeSum[b] *= DECAY;
        }
        for (int t = 0; t < MAX_TARGET; t++) {
            for (int b = 0; b < bucketUpper.length; b++) {
                confirmed[t][b] *= DECAY;
                failed[t][b] *= DECAY;
            }
        }
    }

    /**
     * estimatesmartfee's estimate for confirmation within {@code target} blocks. As Core, a target of
     * 1 is answered for 2 (one block is too noisy to estimate), and targets beyond half the recorded
     * history are lowered to it. Empty when no bucket group has enough data and a high enough success
     * rate; the caller raises an answer to the mempool minimum fee as bitcoind does.
     */
    public synchronized Optional<Estimate> estimateSmartFee(int target, boolean conservative) {
        int t = answeredTarget(target);
        if (t < 1) return Optional.empty();
        return estimate(t, conservative ? CONSERVATIVE_THRESHOLD : ECONOMICAL_THRESHOLD).map(r -> new Estimate(r, t));
    }

    /**
     * The target an estimate for {@code target} is computed for (Core's FeeCalculation.returnedTarget):
     * at least 2, at most half the recorded history; 0 with no history. estimatesmartfee reports it as
     * "blocks" also when no estimate is found.
     */
    public synchronized int answeredTarget(int target) {
        int maxUsable = Math.min(MAX_TARGET, firstRecordedHeight == 0 ? 0 : (bestHeight - firstRecordedHeight) / 2);
        return Math.min(Math.max(target, 2), maxUsable);
    }

    private Optional<FeeRate> estimate(int target, double threshold) {
        double[] waiting = new double[bucketUpper.length];
        for (Tracked t : tracked.values()) {
            if (bestHeight - t.height() >= target) waiting[t.bucket()] += 1;
        }
        double sufficient = SUFFICIENT_TXS_PER_BLOCK / (1 - DECAY);
        double conf = 0;
        double total = 0;
        double fees = 0;
        double passConf = 0;
        double passFees = 0;
        boolean passed = false;
        for (int b = bucketUpper.length - 1; b >= 0; b--) {
            conf += confirmed[target - 1][b];
            total += txCount[b] + failed[target - 1][b] + waiting[b];
            fees += feeSum[b];
            if (total < sufficient) continue;
            if (conf / total < threshold) break;
            // This group passes: remember it and try the cheaper buckets below it.
            passed = true;
            passConf = conf;
            passFees = fees;
            conf = 0;
            total = 0;
            fees = 0;
        }
        if (!passed || passConf <= 0) return Optional.empty();
        return Optional.of(FeeRate.ofSatsPerKvB(Math.round(passFees / passConf)));
    }

    public synchronized int bestHeight() {
        return bestHeight;
    }

    /** Writes fee_estimates.dat (magic, version, heights, bucket and target counts, the decayed counts, checksum). */
    public void save(Path file) throws IOException {
        ByteWriter w = new ByteWriter(1 << 16);
        synchronized (this) {
            w.bytes(MAGIC).u32le(FILE_VERSION).i32le(bestHeight).i32le(firstRecordedHeight).i32le(bucketUpper.length)
                    .i32le(MAX_TARGET);
            writeArray(w, txCount);
            writeArray(w, feeSum);
            for (double[] row : confirmed) writeArray(w, row);
            for (double[] row : failed) writeArray(w, row);
        }
        byte[] body = w.toByteArray();
        byte[] all = Arrays.copyOf(body, body.length + 32);
        System.arraycopy(Hashes.sha256d(body), 0, all, body.length, 32);
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.write(tmp, all);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads fee_estimates.dat; a missing or damaged file leaves the estimator empty (logged). */
    public boolean load(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return false;
        }
        if (all.length < 32 || !Arrays.equals(Hashes.sha256d(Arrays.copyOf(all, all.length - 32)),
                Arrays.copyOfRange(all, all.length - 32, all.length))) {
            LOG.warn("{} is corrupt; fee estimates start empty", file);
            return false;
        }
        try {
            ByteReader r = new ByteReader(all, 0, all.length - 32);
            if (!Arrays.equals(r.bytes(4), MAGIC) || r.u32le() != FILE_VERSION) {
                LOG.warn("{} is not a fee estimates file of this version", file);
                return false;
            }
            int height = r.i32le();
            int first = r.i32le();
            if (r.i32le() != bucketUpper.length || r.i32le() != MAX_TARGET) {
                LOG.warn("{} uses other buckets; fee estimates start empty", file);
                return false;
            }
            double[] count = readArray(r, bucketUpper.length);
            double[] sum = readArray(r, bucketUpper.length);
            double[][] conf = new double[MAX_TARGET][];
            double[][] fail = new double[MAX_TARGET][];
            for (int t = 0; t < MAX_TARGET; t++) conf[t] = readArray(r, bucketUpper.length);
            for (int t = 0; t < MAX_TARGET; t++) fail[t] = readArray(r, bucketUpper.length);
            synchronized (this) {
                bestHeight = height;
                firstRecordedHeight = first;
                empty = first == 0;
                System.arraycopy(count, 0, txCount, 0, count.length);
                System.arraycopy(sum, 0, feeSum, 0, sum.length);
                for (int t = 0; t < MAX_TARGET; t++) {
                    confirmed[t] = conf[t];
                    failed[t] = fail[t];
                }
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{} is malformed ({}); fee estimates start empty", file, e.getMessage());
            return false;
        }
    }

    private static void writeArray(ByteWriter w, double[] a) {
        for (double d : a) w.i64le(Double.doubleToLongBits(d));
    }

    private static double[] readArray(ByteReader r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Double.longBitsToDouble(r.i64le());
        return a;
    }
}
