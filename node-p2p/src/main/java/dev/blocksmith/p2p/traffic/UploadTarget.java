package dev.blocksmith.p2p.traffic;

/**
 * bitcoind's -maxuploadtarget (CConnman's outbound limit): the bytes sent in a 24-hour cycle are counted; once they
 * reach the target, blocks older than a week stop being served (the historical block serving limit, which keeps
 * back enough of the target for a full block every ten minutes for the rest of the cycle) and mempool requests are
 * refused. A new cycle starts with the first byte sent after the last one ended. A target of 0 means no limit.
 * Times are the node's clock in seconds (mockable, as bitcoind's GetTime). Thread-safe.
 */
public final class UploadTarget {
    /** bitcoind's MAX_UPLOAD_TIMEFRAME: the cycle, 24 hours. */
    public static final long TIMEFRAME_SECONDS = 24 * 60 * 60;
    /** bitcoind's MAX_BLOCK_SERIALIZED_SIZE: what each ten minutes left in the cycle keeps back for new blocks. */
    static final long BLOCK_BUFFER_BYTES = 4_000_000;
    /** bitcoind's HISTORICAL_BLOCK_AGE: a block this much older than the best header is historical. */
    public static final long HISTORICAL_BLOCK_AGE_SECONDS = 7 * 24 * 60 * 60;

    private final long targetBytes;
    private long cycleStart;
    private long sentInCycle;

    public UploadTarget(long targetBytes) {
        if (targetBytes < 0) throw new IllegalArgumentException("negative upload target");
        this.targetBytes = targetBytes;
    }

    public static UploadTarget unlimited() {
        return new UploadTarget(0);
    }

    public long targetBytes() {
        return targetBytes;
    }

    /** bitcoind's RecordBytesSent: counts {@code bytes} in the cycle, starting a new one if the last has ended. */
    public synchronized void recordSent(long bytes, long nowSeconds) {
        if (cycleStart + TIMEFRAME_SECONDS < nowSeconds) {
            cycleStart = nowSeconds;
            sentInCycle = 0;
        }
        sentInCycle += bytes;
    }

    /**
     * bitcoind's OutboundTargetReached: with {@code historicalBlockServing}, whether what is left of the target no
     * longer covers a block for every ten minutes left in the cycle; otherwise whether the target is used up.
     */
    public synchronized boolean reached(boolean historicalBlockServing, long nowSeconds) {
        if (targetBytes == 0) return false;
        if (historicalBlockServing) {
            long buffer = timeLeftInCycle(nowSeconds) / 600 * BLOCK_BUFFER_BYTES;
            return buffer >= targetBytes || sentInCycle >= targetBytes - buffer;
        }
        return sentInCycle >= targetBytes;
    }

    /** bitcoind's GetOutboundTargetBytesLeft. */
    public synchronized long bytesLeft() {
        if (targetBytes == 0) return 0;
        return sentInCycle >= targetBytes ? 0 : targetBytes - sentInCycle;
    }

    /** bitcoind's GetMaxOutboundTimeLeftInCycle: seconds to the cycle's end (a whole cycle before the first byte). */
    public synchronized long timeLeftInCycle(long nowSeconds) {
        if (targetBytes == 0) return 0;
        if (cycleStart == 0) return TIMEFRAME_SECONDS;
        long end = cycleStart + TIMEFRAME_SECONDS;
        return end < nowSeconds ? 0 : end - nowSeconds;
    }

    /** getnettotals' uploadtarget object. */
    public synchronized Status status(long nowSeconds) {
        return new Status(TIMEFRAME_SECONDS, targetBytes, reached(false, nowSeconds), !reached(true, nowSeconds),
                bytesLeft(), timeLeftInCycle(nowSeconds));
    }

    /** The fields of getnettotals' uploadtarget, named as bitcoind's. */
    public record Status(long timeframe, long target, boolean targetReached, boolean serveHistoricalBlocks,
                         long bytesLeftInCycle, long timeLeftInCycle) {
    }
}
