package dev.blocksmith.core.store;

import java.nio.file.Path;

/**
 * A segmented, ordered key-value store with atomic batches. The chain state's only view of the disk:
 * node-storage implements it with RocksDB, tests use {@link MemoryKeyValueStore}.
 */
public interface KeyValueStore extends KeyValueView, AutoCloseable {
    /** Starts a batch; nothing it holds is visible until {@link WriteBatch#commit()}, which is atomic. */
    WriteBatch newBatch();

    /** Makes everything committed so far durable (fsync of the write-ahead log). */
    void sync();

    /** Writes a consistent point-in-time copy of the whole store into {@code dir}, which must not exist. */
    void checkpoint(Path dir);

    /** Approximate bytes on disk, for metrics; 0 when unknown. */
    long approximateSizeBytes();

    /** Approximate bytes on disk of one segment (gettxoutsetinfo's disk_size is the coins'); 0 when unknown. */
    long approximateSizeBytes(StoreSegment segment);

    @Override
    void close();
}
