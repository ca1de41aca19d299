package dev.blocksmith.core.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link BlockFileSystem} in memory: each file a growable byte array. For tests and in-memory chains. */
public final class MemoryBlockFiles implements BlockFileSystem {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public boolean exists(String name) {
        return files.containsKey(name);
    }

    @Override
    public long size(String name) {
        byte[] f = files.get(name);
        return f == null ? 0 : f.length;
    }

    @Override
    public synchronized byte[] read(String name, long offset, int length) {
        byte[] f = files.get(name);
        if (f == null || offset >= f.length) return new byte[0];
        return Arrays.copyOfRange(f, (int) offset, (int) Math.min(f.length, offset + length));
    }

    @Override
    public synchronized void write(String name, long offset, byte[] data) {
        byte[] f = files.getOrDefault(name, new byte[0]);
        int end = (int) Math.max(f.length, offset + data.length);
        byte[] out = f.length == end ? f : Arrays.copyOf(f, end);
        System.arraycopy(data, 0, out, (int) offset, data.length);
        files.put(name, out);
    }

    @Override
    public void sync(String name) {
    }

    @Override
    public void delete(String name) {
        files.remove(name);
    }

    @Override
    public List<String> list() {
        return new ArrayList<>(files.keySet());
    }
}
