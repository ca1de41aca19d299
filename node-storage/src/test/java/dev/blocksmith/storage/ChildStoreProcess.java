package dev.blocksmith.storage;

import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The other process in {@link CrashRecoveryTest}: started with the test class path in its own JVM.
 *
 * <ul>
 *   <li>{@code write DIR FIRST} commits batch FIRST, FIRST+1, ... until killed, printing
 *       {@code committed N} after each commit returns.</li>
 *   <li>{@code hold DIR} opens the store, prints {@code open} and keeps it open until stdin closes.</li>
 * </ul>
 */
final class ChildStoreProcess {
    /** Segments every batch touches, so a torn batch would show as a partly present one. */
    static final List<StoreSegment> SEGMENTS = List.of(
            StoreSegment.BLOCK_INDEX, StoreSegment.BLOCKS, StoreSegment.UNDO, StoreSegment.COINS, StoreSegment.HEIGHTS);
    static final int COINS_PER_BATCH = 4;

    private ChildStoreProcess() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> write(dir, Long.parseLong(args[2]));
            case "hold" -> hold(dir);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void write(Path dir, long first) {
        RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, StorageOptions.defaults());
        for (long n = first; ; n++) {
            try (WriteBatch batch = store.newBatch()) {
                for (StoreSegment segment : SEGMENTS) {
                    if (segment == StoreSegment.COINS) {
                        for (int i = 0; i < COINS_PER_BATCH; i++) batch.put(segment, coinKey(n, i), value(n, segment, 64));
                    } else {
                        // Blocks of 2-10 KiB go to blob files, the rest inline.
                        batch.put(segment, key(n), value(n, segment, segment == StoreSegment.BLOCKS ? 2048 + (int) (n % 8) * 1024 : 48));
                    }
                }
                // Spends the previous batch's marker, so a batch that is present must also show its delete.
                if (n > 0) batch.delete(StoreSegment.META, marker(n - 1));
                batch.put(StoreSegment.META, marker(n), key(n));
                batch.commit(n % 16 == 0);
            }
            System.out.println("committed " + n);
            System.out.flush();
        }
    }

    private static void hold(Path dir) throws IOException {
        try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, StorageOptions.defaults())) {
            System.out.println("open");
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Wait for the parent to close our stdin.
            }
        }
    }

    static byte[] key(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    static byte[] coinKey(long n, int i) {
        return ByteBuffer.allocate(12).putLong(n).putInt(i).array();
    }

    static byte[] marker(long n) {
        return ByteBuffer.allocate(14).put("mark:".getBytes(StandardCharsets.US_ASCII)).putLong(n).put((byte) 0).array();
    }

    /** Deterministic content, so the parent can check values as well as presence. */
    static byte[] value(long n, StoreSegment segment, int length) {
        byte[] v = new byte[length];
        new Random(n * 31 + segment.ordinal()).nextBytes(v);
        return v;
    }
}
