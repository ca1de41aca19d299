package dev.blocksmith.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.store.StoreSegment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at a random moment and checks that RocksDB's log recovery leaves
 * every multi-segment batch whole or absent, keeps every batch whose commit had returned (the write
 * reached the operating system before commit returned, so only power loss could drop it), and always
 * reopens.
 */
class CrashRecoveryTest {
    private static final int ROUNDS = 4;

    @TempDir
    Path tmp;

    @Test
    void killedWriterLeavesOnlyWholeBatchesAndTheDatabaseReopens() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dir = tmp.resolve("db");
        long next = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = start("write", dir.toString(), Long.toString(next));
            AtomicLong lastReported = new AtomicLong(-1);
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> readCommits(child, lastReported));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastReported.get() < next && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(lastReported.get()).as("child made its first commit (seed %d, stderr: %s)", seed, stderr(child)).isGreaterThanOrEqualTo(next);
            Thread.sleep(random.nextInt(1500));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.get(30, TimeUnit.SECONDS);
            long reported = lastReported.get();

            try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, StorageOptions.defaults())) {
                long present = verify(store, reported + 10_000, seed);
                System.out.printf("round %d: child reported %d, %d batches present after SIGKILL%n", round, reported, present + 1);
                assertThat(present).as("batches up to the last reported commit %d survive (seed %d)", reported, seed)
                        .isGreaterThanOrEqualTo(reported);
                next = present + 1;
            }
        }
        assertThat(next).isGreaterThan(ROUNDS);
    }

    /** Returns the highest present batch after checking batches 0..upTo; presence must be a prefix. */
    private static long verify(RocksDbKeyValueStore store, long upTo, long seed) {
        long lastPresent = -1;
        for (long n = 0; n <= upTo; n++) {
            List<Boolean> parts = parts(store, n);
            boolean present = parts.get(0);
            assertThat(parts).as("batch %d is all or nothing (seed %d)", n, seed).containsOnly(present);
            if (!present) {
                assertThat(parts(store, n + 1)).as("no batch after the first absent one, %d (seed %d)", n, seed).containsOnly(false);
                break;
            }
            assertThat(n).as("batches are a prefix (seed %d)", seed).isEqualTo(lastPresent + 1);
            lastPresent = n;
            for (StoreSegment segment : ChildStoreProcess.SEGMENTS) {
                if (segment == StoreSegment.COINS) continue;
                int length = segment == StoreSegment.BLOCKS ? 2048 + (int) (n % 8) * 1024 : 48;
                byte[] expected = ChildStoreProcess.value(n, segment, length);
                assertThat(store.get(segment, ChildStoreProcess.key(n)))
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(expected));
            }
        }
        // Exactly one marker survives: each batch deleted its predecessor's in the same commit.
        List<byte[]> markers = new ArrayList<>();
        store.scan(StoreSegment.META, "mark:".getBytes(StandardCharsets.US_ASCII), (k, v) -> markers.add(v));
        assertThat(markers).as("markers (seed %d)", seed).hasSize(lastPresent < 0 ? 0 : 1);
        if (lastPresent >= 0) assertThat(markers.get(0)).isEqualTo(ChildStoreProcess.key(lastPresent));
        return lastPresent;
    }

    /**
     * Presence of each key batch {@code n} wrote. Its META marker put and the deletion of its predecessor's
     * marker are checked by {@link #verify}: exactly one marker, the last batch's, may survive.
     */
    private static List<Boolean> parts(RocksDbKeyValueStore store, long n) {
        List<Boolean> parts = new ArrayList<>();
        for (StoreSegment segment : ChildStoreProcess.SEGMENTS) {
            if (segment == StoreSegment.COINS) {
                for (int i = 0; i < ChildStoreProcess.COINS_PER_BATCH; i++) {
                    parts.add(store.contains(segment, ChildStoreProcess.coinKey(n, i)));
                }
            } else {
                parts.add(store.contains(segment, ChildStoreProcess.key(n)));
            }
        }
        return parts;
    }

    @Test
    void directoryHeldByAnotherProcessIsRefusedUntilItExits() throws Exception {
        Path dir = tmp.resolve("held");
        Process child = start("hold", dir.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("open")) {
                // Skip log output until the child reports the store open.
            }
            assertThat(line).as("child opened the store (stderr: %s)", stderr(child)).isEqualTo("open");
            assertThatThrownBy(() -> RocksDbKeyValueStore.open(dir, StorageOptions.defaults()))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StorageException.Reason.LOCKED);
                        assertThat(e.getMessage()).isEqualTo("Cannot obtain a lock on data directory "
                                + dir.toAbsolutePath() + ". Blocksmith is probably already running.");
                    });
            child.getOutputStream().close();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isZero();
        try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, StorageOptions.defaults())) {
            assertThat(store.get(StoreSegment.META, new byte[] {1})).isEmpty();
        }
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            // RocksDB's JNI library is a restricted native access on JDK 22+ (same flag as surefire's argLine).
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildStoreProcess.class.getName());
        command.addAll(List.of(args));
        Path err = Files.createTempFile(tmp, "child", ".err");
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }

    private String stderr(Process child) {
        try (var files = Files.list(tmp)) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(f -> f.toString().endsWith(".err")).toList()) all.append(Files.readString(p));
            return all.toString();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static void readCommits(Process child, AtomicLong lastReported) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) lastReported.set(Long.parseLong(line.substring(10)));
            }
        } catch (IOException e) {
            // The pipe breaks when the child is killed mid-line; what was read so far stands.
        }
    }
}
