package dev.blocksmith.core.store;

/** Writes applied all together or not at all. Not thread-safe; one writer builds and commits it. */
public interface WriteBatch extends AutoCloseable {
    void put(StoreSegment segment, byte[] key, byte[] value);

    void delete(StoreSegment segment, byte[] key);

    /** Applies every write atomically. With {@code sync} the commit is durable before it returns. */
    void commit(boolean sync);

    default void commit() {
        commit(false);
    }

    /** Releases the batch; uncommitted writes are discarded. */
    @Override
    void close();
}
