package dev.blocksmith.storage;

import java.util.Objects;

/**
 * Tuning of the RocksDB chain database.
 *
 * <p>Memory budget. The defaults fit a node in a 512 MiB container: roughly 200 MiB of Java heap
 * (UTXO cache, mempool), 60-80 MiB of JVM overhead (metaspace, code cache, thread stacks), some 30 MiB
 * of Netty direct buffers, which leaves about 100 MiB for RocksDB and the page cache. So:
 * <ul>
 *   <li>{@code cacheMiB} (the node's {@code -dbcache} share for RocksDB, default 64) is one LRU block
 *       cache shared by every segment. Index and filter blocks live in it too
 *       ({@code cache_index_and_filter_blocks}), so table metadata cannot grow outside the budget as the
 *       chain grows.</li>
 *   <li>{@code writeBufferMiB} (default 16) caps all memtables together through a WriteBufferManager
 *       that charges them to the same cache, so cache plus memtables stay near {@code cacheMiB}
 *       (64 MiB by default) instead of 8 segments x 2 buffers x 64 MiB, RocksDB's own default.
 *       Each segment's memtable is a quarter of that budget (4 MiB), which keeps flushes small
 *       and frequent rather than letting one segment starve the others.</li>
 * </ul>
 * What RocksDB holds outside these figures is small: open table readers (bounded by
 * {@code maxOpenFiles}, metadata charged to the cache) and iterator pins.
 *
 * @param cacheMiB       block cache size in MiB, at least 4
 * @param writeBufferMiB all memtables together in MiB, at least 2 and at most {@code cacheMiB}
 * @param bloomFilters   10 bits-per-key Bloom filters (about 1% false positives), so a lookup of a key
 *                       that is absent (a fresh outpoint, an unknown block) usually touches no data block
 * @param compression    codec for SST files and for the BLOCKS segment's blob files
 * @param blobFilesForBlocks keep raw blocks (values of at least {@link #BLOB_MIN_BYTES}) in BlobDB files so
 *                       compaction of the block segment rewrites only keys and file pointers, not the
 *                       blocks themselves
 * @param maxOpenFiles   table files kept open, -1 for no limit; bounded so a long chain cannot exhaust
 *                       the container's file descriptors
 * @param statistics     collect RocksDB tickers (cache hits and misses, bytes read and written) for
 *                       {@link RocksDbKeyValueStore#stats()}; costs a few percent of CPU
 */
public record StorageOptions(
        int cacheMiB,
        int writeBufferMiB,
        boolean bloomFilters,
        Compression compression,
        boolean blobFilesForBlocks,
        int maxOpenFiles,
        boolean statistics) {

    /** Values smaller than this stay inline in SST files even with BlobDB on: a blob pointer costs ~20 bytes. */
    public static final int BLOB_MIN_BYTES = 1024;

    public StorageOptions {
        Objects.requireNonNull(compression, "compression");
        if (cacheMiB < 4) throw new IllegalArgumentException("cacheMiB must be at least 4, got " + cacheMiB);
        if (writeBufferMiB < 2 || writeBufferMiB > cacheMiB) {
            throw new IllegalArgumentException(
                    "writeBufferMiB must be between 2 and cacheMiB (" + cacheMiB + "), got " + writeBufferMiB);
        }
        if (maxOpenFiles != -1 && maxOpenFiles < 16) {
            throw new IllegalArgumentException("maxOpenFiles must be -1 or at least 16, got " + maxOpenFiles);
        }
    }

    /** Settings for a node in a 512 MiB container; see the class comment for the arithmetic. */
    public static StorageOptions defaults() {
        return new StorageOptions(64, 16, true, Compression.LZ4, true, 256, true);
    }

    /**
     * Sets the block cache from the node's {@code -dbcache}, keeping memtables at a quarter of it
     * (capped at 64 MiB: larger memtables only lengthen WAL replay after a crash).
     */
    public StorageOptions withCacheMiB(int mib) {
        int buffers = Math.max(2, Math.min(64, mib / 4));
        return new StorageOptions(mib, buffers, bloomFilters, compression, blobFilesForBlocks, maxOpenFiles, statistics);
    }

    public StorageOptions withWriteBufferMiB(int mib) {
        return new StorageOptions(cacheMiB, mib, bloomFilters, compression, blobFilesForBlocks, maxOpenFiles, statistics);
    }

    public StorageOptions withBloomFilters(boolean on) {
        return new StorageOptions(cacheMiB, writeBufferMiB, on, compression, blobFilesForBlocks, maxOpenFiles, statistics);
    }

    public StorageOptions withCompression(Compression codec) {
        return new StorageOptions(cacheMiB, writeBufferMiB, bloomFilters, codec, blobFilesForBlocks, maxOpenFiles, statistics);
    }

    public StorageOptions withBlobFilesForBlocks(boolean on) {
        return new StorageOptions(cacheMiB, writeBufferMiB, bloomFilters, compression, on, maxOpenFiles, statistics);
    }

    public StorageOptions withMaxOpenFiles(int files) {
        return new StorageOptions(cacheMiB, writeBufferMiB, bloomFilters, compression, blobFilesForBlocks, files, statistics);
    }

    public StorageOptions withStatistics(boolean on) {
        return new StorageOptions(cacheMiB, writeBufferMiB, bloomFilters, compression, blobFilesForBlocks, maxOpenFiles, on);
    }
}
