package dev.blocksmith.storage;

import dev.blocksmith.core.store.StoreSegment;
import java.util.Map;

/**
 * A snapshot of engine counters for metrics. Ticker values are cumulative since the store opened and are
 * 0 when statistics are off ({@link StorageOptions#statistics()}).
 *
 * @param blockCacheHits   block cache lookups served from memory
 * @param blockCacheMisses block cache lookups that read the disk
 * @param bytesWritten     user bytes written through batches
 * @param bytesRead        user bytes returned by point lookups
 * @param segments         per-segment sizes and key estimates
 */
public record StorageStats(
        long blockCacheHits,
        long blockCacheMisses,
        long bytesWritten,
        long bytesRead,
        Map<StoreSegment, SegmentStats> segments) {

    public StorageStats {
        segments = Map.copyOf(segments);
    }

    /** Hits over lookups, or 0 before the first lookup. */
    public double blockCacheHitRate() {
        long lookups = blockCacheHits + blockCacheMisses;
        return lookups == 0 ? 0 : (double) blockCacheHits / lookups;
    }

    public long estimatedKeys() {
        return segments.values().stream().mapToLong(SegmentStats::estimatedKeys).sum();
    }

    public long sstBytes() {
        return segments.values().stream().mapToLong(SegmentStats::sstBytes).sum();
    }

    public long blobBytes() {
        return segments.values().stream().mapToLong(SegmentStats::blobBytes).sum();
    }

    /**
     * @param estimatedKeys RocksDB's estimate (exact for memtables, approximate once deletes reach SSTs)
     * @param sstBytes      size of all live SST files of the segment
     * @param blobBytes     size of all live blob files of the segment
     */
    public record SegmentStats(long estimatedKeys, long sstBytes, long blobBytes) {
    }
}
