package dev.blocksmith.core.store;

import java.util.Optional;

/**
 * The reading half of a {@link KeyValueStore}: what an index needs to answer queries, whether its entries are all in
 * the store or some still wait in a {@link WriteBackBuffer} in front of it.
 */
public interface KeyValueView {
    Optional<byte[]> get(StoreSegment segment, byte[] key);

    default boolean contains(StoreSegment segment, byte[] key) {
        return get(segment, key).isPresent();
    }

    /**
     * Visits entries whose key starts with {@code prefix}, in ascending unsigned key order, until the
     * visitor returns false.
     */
    void scan(StoreSegment segment, byte[] prefix, EntryVisitor visitor);

    @FunctionalInterface
    interface EntryVisitor {
        /** Returns false to stop the scan. */
        boolean visit(byte[] key, byte[] value);
    }
}
