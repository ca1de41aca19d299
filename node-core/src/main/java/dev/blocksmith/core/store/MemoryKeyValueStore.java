package dev.blocksmith.core.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** In-memory {@link KeyValueStore} for tests and throw-away nodes; batches apply under one lock. */
public final class MemoryKeyValueStore implements KeyValueStore {
    private final Map<StoreSegment, ConcurrentSkipListMap<byte[], byte[]>> segments = new EnumMap<>(StoreSegment.class);

    public MemoryKeyValueStore() {
        for (StoreSegment s : StoreSegment.values()) {
            segments.put(s, new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
        }
    }

    @Override
    public Optional<byte[]> get(StoreSegment segment, byte[] key) {
        byte[] v = segments.get(segment).get(key);
        return Optional.ofNullable(v == null ? null : v.clone());
    }

    @Override
    public void scan(StoreSegment segment, byte[] prefix, EntryVisitor visitor) {
        for (Map.Entry<byte[], byte[]> e : segments.get(segment).tailMap(prefix, true).entrySet()) {
            byte[] k = e.getKey();
            if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) break;
            if (!visitor.visit(k.clone(), e.getValue().clone())) break;
        }
    }

    @Override
    public WriteBatch newBatch() {
        return new WriteBatch() {
            private final List<Object[]> ops = new ArrayList<>();

            @Override
            public void put(StoreSegment segment, byte[] key, byte[] value) {
                ops.add(new Object[] {segment, key.clone(), value.clone()});
            }

            @Override
            public void delete(StoreSegment segment, byte[] key) {
                ops.add(new Object[] {segment, key.clone(), null});
            }

            @Override
            public void commit(boolean sync) {
                synchronized (MemoryKeyValueStore.this) {
                    for (Object[] op : ops) {
                        var map = segments.get((StoreSegment) op[0]);
                        if (op[2] == null) map.remove((byte[]) op[1]);
                        else map.put((byte[]) op[1], (byte[]) op[2]);
                    }
                }
                ops.clear();
            }

            @Override
            public void close() {
                ops.clear();
            }
        };
    }

    @Override
    public void sync() {
    }

    @Override
    public void checkpoint(Path dir) {
        throw new IllegalStateException("an in-memory store has no on-disk checkpoint");
    }

    @Override
    public long approximateSizeBytes() {
        return 0;
    }

    @Override
    public long approximateSizeBytes(StoreSegment segment) {
        return 0;
    }

    @Override
    public void close() {
    }
}
