package dev.blocksmith.core.store;

/** Writes applied all together or not at all. Not thread-safe; one writer builds and commits it. */
public interface WriteBatch extends AutoCloseable {
    void put(StoreSegment segment, byte[] key, byte[] value);

    void delete(StoreSegment segment, byte[] key);

    /**
     * A put of a key the store cannot hold yet (an address index entry of an output just created). The same as
     * {@link #put} for a store; a {@link WriteBackBuffer} forgets such an entry entirely when it is deleted before the
     * flush, as bitcoind's coins cache forgets a FRESH coin spent before its flush, rather than keep a delete of it.
     */
    default void putNew(StoreSegment segment, byte[] key, byte[] value) {
        put(segment, key, value);
    }

    /** Applies every write atomically. With {@code sync} the commit is durable before it returns. */
    void commit(boolean sync);

    default void commit() {
        commit(false);
    }

    /** Releases the batch; uncommitted writes are discarded. */
    @Override
    void close();
}
