package dev.blocksmith.core.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Writes kept in memory in front of a {@link KeyValueStore} until {@link #writeTo} hands them to one of its batches: a
 * write-back cache. Reads see the buffered writes over the store's entries (a buffered delete hides an entry; a
 * buffered put replaces it), so the buffer and the store together are always one consistent state.
 * <p>
 * The chain keeps the entries of its per-block indexes (-txindex, -addressindex) here and writes them with the coins
 * in the chain state flush, as bitcoind's coins cache does for the UTXO set: a coin created and spent between two
 * flushes never reaches the disk, and the indexes on disk always describe the flushed tip, as the coins do.
 * <p>
 * A batch from {@link #newBatch} is applied all at once under a write lock and a read (a get or a whole scan) holds the
 * read lock, so a reader sees every entry of a block or none. {@link #writeTo} and then {@link #clear} after the
 * store's batch committed keep every entry visible throughout: while both hold it the buffered copy wins and is equal.
 */
public final class WriteBackBuffer implements KeyValueView {
    /** Heap per buffered entry beyond its key and value: the tree node, the two array headers, the map's share. */
    static final long ENTRY_OVERHEAD_BYTES = 96;
    /** A buffered delete (compared by identity). */
    private static final byte[] DELETED = new byte[0];
    /**
     * The last byte of a buffered value: whether the store cannot hold the key ({@link WriteBatch#putNew}, never
     * deleted since), so that a delete forgets the entry rather than buffer a delete of it.
     */
    private static final byte IN_STORE_MAYBE = 0;
    private static final byte NOT_IN_STORE = 1;

    private final KeyValueView store;
    private final Map<StoreSegment, TreeMap<byte[], byte[]>> pending = new EnumMap<>(StoreSegment.class);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long usageBytes;
    private volatile int size;

    public WriteBackBuffer(KeyValueView store) {
        this.store = store;
    }

    @Override
    public Optional<byte[]> get(StoreSegment segment, byte[] key) {
        lock.readLock().lock();
        try {
            TreeMap<byte[], byte[]> seg = pending.get(segment);
            byte[] v = seg == null ? null : seg.get(key);
            if (v == null) return store.get(segment, key);
            return v == DELETED ? Optional.empty() : Optional.of(valueOf(v));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The store's entries merged with the buffered ones, in key order; the read lock is held until the scan ends. */
    @Override
    public void scan(StoreSegment segment, byte[] prefix, EntryVisitor visitor) {
        lock.readLock().lock();
        try {
            TreeMap<byte[], byte[]> seg = pending.get(segment);
            if (seg == null || seg.isEmpty()) {
                store.scan(segment, prefix, visitor);
                return;
            }
            MergedScan merged = new MergedScan(withPrefix(seg, prefix).entrySet().iterator(), visitor);
            store.scan(segment, prefix, merged);
            merged.finish();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Visits the store's entries in order, with the buffered ones (of the same prefix) merged in. */
    private static final class MergedScan implements EntryVisitor {
        private final Iterator<Map.Entry<byte[], byte[]>> buffered;
        private final EntryVisitor visitor;
        private Map.Entry<byte[], byte[]> next;
        private boolean stopped;

        MergedScan(Iterator<Map.Entry<byte[], byte[]>> buffered, EntryVisitor visitor) {
            this.buffered = buffered;
            this.visitor = visitor;
            advance();
        }

        @Override
        public boolean visit(byte[] key, byte[] value) {
            // Buffered entries before this key first; one with this key replaces (or deletes) the stored one.
            while (next != null && Arrays.compareUnsigned(next.getKey(), key) < 0) {
                if (!visitNext()) return false;
            }
            if (next != null && Arrays.equals(next.getKey(), key)) return visitNext();
            return keepGoing(visitor.visit(key, value));
        }

        /** The buffered entries after the store's last one. */
        void finish() {
            while (!stopped && next != null) visitNext();
        }

        private boolean visitNext() {
            Map.Entry<byte[], byte[]> e = next;
            advance();
            return keepGoing(e.getValue() == DELETED || visitor.visit(e.getKey().clone(), valueOf(e.getValue())));
        }

        private void advance() {
            next = buffered.hasNext() ? buffered.next() : null;
        }

        private boolean keepGoing(boolean go) {
            if (!go) stopped = true;
            return go;
        }
    }

    /** A buffered value without its last byte (the store flag). */
    private static byte[] valueOf(byte[] buffered) {
        return Arrays.copyOf(buffered, buffered.length - 1);
    }

    private static byte[] buffered(byte[] value, byte inStore) {
        byte[] v = Arrays.copyOf(value, value.length + 1);
        v[value.length] = inStore;
        return v;
    }

    /** The entries whose key starts with {@code prefix}. */
    private static NavigableMap<byte[], byte[]> withPrefix(TreeMap<byte[], byte[]> seg, byte[] prefix) {
        // The keys with the prefix sort from the prefix itself up to (excluding) the prefix plus one in its last byte
        // that is not 0xff; a prefix of 0xff bytes only (or none) runs to the end.
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return seg.subMap(prefix, true, end, false);
            }
        }
        return seg.tailMap(prefix, true);
    }

    /**
     * A batch whose writes join the buffer when it is committed, all at once. Nothing reaches the store before
     * {@link #writeTo}: {@code commit(true)} makes nothing durable.
     */
    public WriteBatch newBatch() {
        return new WriteBatch() {
            private final List<Write> writes = new ArrayList<>();

            @Override
            public void put(StoreSegment segment, byte[] key, byte[] value) {
                writes.add(new Write(segment, key.clone(), buffered(value, IN_STORE_MAYBE)));
            }

            @Override
            public void putNew(StoreSegment segment, byte[] key, byte[] value) {
                writes.add(new Write(segment, key.clone(), buffered(value, NOT_IN_STORE)));
            }

            @Override
            public void delete(StoreSegment segment, byte[] key) {
                writes.add(new Write(segment, key.clone(), DELETED));
            }

            @Override
            public void commit(boolean sync) {
                apply(writes);
                writes.clear();
            }

            @Override
            public void close() {
                writes.clear();
            }
        };
    }

    private record Write(StoreSegment segment, byte[] key, byte[] value) {
    }

    private void apply(List<Write> writes) {
        lock.writeLock().lock();
        try {
            long bytes = usageBytes;
            int entries = size;
            for (Write w : writes) {
                TreeMap<byte[], byte[]> seg = pending.computeIfAbsent(w.segment(), s -> new TreeMap<>(Arrays::compareUnsigned));
                byte[] old = seg.get(w.key());
                byte[] value = w.value();
                if (value == DELETED && old != null && old != DELETED && old[old.length - 1] == NOT_IN_STORE) {
                    // Never in the store: forgotten, not deleted.
                    seg.remove(w.key());
                    entries--;
                    bytes -= ENTRY_OVERHEAD_BYTES + w.key().length + old.length;
                    continue;
                }
                if (value != DELETED && value[value.length - 1] == NOT_IN_STORE && old != null
                        && (old == DELETED || old[old.length - 1] == IN_STORE_MAYBE)) {
                    // Put again after a delete (or over a put) of a key the store may hold: it may still hold it.
                    value[value.length - 1] = IN_STORE_MAYBE;
                }
                seg.put(w.key(), value);
                if (old == null) {
                    entries++;
                    bytes += ENTRY_OVERHEAD_BYTES + w.key().length + value.length;
                } else {
                    bytes += value.length - old.length;
                }
            }
            usageBytes = bytes;
            size = entries;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds every buffered write to {@code batch} of the store (then {@link #clear} once it committed). */
    public void writeTo(WriteBatch batch) {
        lock.readLock().lock();
        try {
            for (Map.Entry<StoreSegment, TreeMap<byte[], byte[]>> seg : pending.entrySet()) {
                for (Map.Entry<byte[], byte[]> e : seg.getValue().entrySet()) {
                    if (e.getValue() == DELETED) batch.delete(seg.getKey(), e.getKey());
                    else batch.put(seg.getKey(), e.getKey(), valueOf(e.getValue()));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Forgets every buffered write: after the batch {@link #writeTo} filled committed, or to drop them. */
    public void clear() {
        lock.writeLock().lock();
        try {
            pending.clear();
            usageBytes = 0;
            size = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Estimated heap bytes of the buffered writes (counted in -dbcache with the coins). */
    public long usageBytes() {
        return usageBytes;
    }

    /** Buffered writes (puts and deletes). */
    public int size() {
        return size;
    }
}
