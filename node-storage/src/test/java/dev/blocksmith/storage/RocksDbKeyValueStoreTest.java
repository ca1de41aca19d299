package dev.blocksmith.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link KeyValueStore} contract on RocksDB. Where the contract leaves no room for choice the same
 * operations are replayed on {@link MemoryKeyValueStore}, so the two implementations cannot drift apart.
 */
class RocksDbKeyValueStoreTest {
    @TempDir
    Path tmp;

    private RocksDbKeyValueStore store;

    @BeforeEach
    void open() {
        store = RocksDbKeyValueStore.open(tmp.resolve("db"), StorageOptions.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static void put(KeyValueStore kv, StoreSegment segment, String key, String value) {
        try (WriteBatch batch = kv.newBatch()) {
            batch.put(segment, b(key), b(value));
            batch.commit();
        }
    }

    private static List<String> scan(KeyValueStore kv, StoreSegment segment, byte[] prefix) {
        List<String> seen = new ArrayList<>();
        kv.scan(segment, prefix, (k, v) -> seen.add(java.util.HexFormat.of().formatHex(k) + "=" + new String(v, UTF_8)));
        return seen;
    }

    @Test
    void getReturnsEmptyForMissingKeyAndValueAfterPut() {
        assertThat(store.get(StoreSegment.COINS, b("k"))).isEmpty();
        assertThat(store.contains(StoreSegment.COINS, b("k"))).isFalse();
        put(store, StoreSegment.COINS, "k", "v");
        assertThat(store.get(StoreSegment.COINS, b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("v")));
        assertThat(store.contains(StoreSegment.COINS, b("k"))).isTrue();
    }

    @Test
    void segmentsAreSeparateKeySpaces() {
        put(store, StoreSegment.COINS, "k", "coin");
        put(store, StoreSegment.UNDO, "k", "undo");
        assertThat(store.get(StoreSegment.COINS, b("k")).map(String::new)).hasValue("coin");
        assertThat(store.get(StoreSegment.UNDO, b("k")).map(String::new)).hasValue("undo");
        assertThat(store.get(StoreSegment.META, b("k"))).isEmpty();
    }

    @Test
    void deleteRemovesAndOverwriteReplaces() {
        put(store, StoreSegment.META, "tip", "a");
        put(store, StoreSegment.META, "tip", "b");
        assertThat(store.get(StoreSegment.META, b("tip")).map(String::new)).hasValue("b");
        try (WriteBatch batch = store.newBatch()) {
            batch.delete(StoreSegment.META, b("tip"));
            batch.commit();
        }
        assertThat(store.get(StoreSegment.META, b("tip"))).isEmpty();
    }

    @Test
    void emptyKeysAndValuesRoundTrip() {
        put(store, StoreSegment.META, "", "");
        assertThat(store.get(StoreSegment.META, new byte[0])).hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    @Test
    void batchIsInvisibleUntilCommitAndDiscardedOnClose() {
        try (WriteBatch batch = store.newBatch()) {
            batch.put(StoreSegment.COINS, b("a"), b("1"));
            batch.put(StoreSegment.BLOCK_INDEX, b("b"), b("2"));
            assertThat(store.get(StoreSegment.COINS, b("a"))).isEmpty();
        }
        assertThat(store.get(StoreSegment.COINS, b("a"))).isEmpty();
        assertThat(store.get(StoreSegment.BLOCK_INDEX, b("b"))).isEmpty();
    }

    @Test
    void batchAppliesPutsAndDeletesAcrossSegmentsInOrder() {
        put(store, StoreSegment.COINS, "spent", "x");
        try (WriteBatch batch = store.newBatch()) {
            batch.delete(StoreSegment.COINS, b("spent"));
            batch.put(StoreSegment.COINS, b("new"), b("1"));
            batch.put(StoreSegment.UNDO, b("blk"), b("x"));
            batch.put(StoreSegment.META, b("tip"), b("first"));
            batch.put(StoreSegment.META, b("tip"), b("second"));
            batch.commit(true);
        }
        assertThat(store.get(StoreSegment.COINS, b("spent"))).isEmpty();
        assertThat(store.get(StoreSegment.COINS, b("new")).map(String::new)).hasValue("1");
        assertThat(store.get(StoreSegment.UNDO, b("blk")).map(String::new)).hasValue("x");
        assertThat(store.get(StoreSegment.META, b("tip")).map(String::new)).hasValue("second");
    }

    @Test
    void batchCanBeReusedAfterCommitWithoutReapplyingOldWrites() {
        try (WriteBatch batch = store.newBatch()) {
            batch.put(StoreSegment.META, b("a"), b("1"));
            batch.commit();
            put(store, StoreSegment.META, "a", "2");
            batch.put(StoreSegment.META, b("b"), b("3"));
            batch.commit();
        }
        assertThat(store.get(StoreSegment.META, b("a")).map(String::new)).hasValue("2");
        assertThat(store.get(StoreSegment.META, b("b")).map(String::new)).hasValue("3");
    }

    @Test
    void closedBatchRejectsUse() {
        WriteBatch batch = store.newBatch();
        batch.close();
        batch.close();
        assertThatThrownBy(() -> batch.put(StoreSegment.META, b("a"), b("1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void scanVisitsPrefixInUnsignedOrderLikeTheMemoryStore() {
        MemoryKeyValueStore memory = new MemoryKeyValueStore();
        byte[][] keys = {
            {0x01}, {0x01, 0x00}, {0x01, (byte) 0x80}, {0x01, (byte) 0xff}, {0x01, (byte) 0xff, (byte) 0xff},
            {0x01, 0x7f}, {0x02}, {0x00, (byte) 0xff}, {(byte) 0xff}, {(byte) 0xff, 0x00}, {(byte) 0xff, (byte) 0xff},
        };
        for (KeyValueStore kv : List.<KeyValueStore>of(store, memory)) {
            try (WriteBatch batch = kv.newBatch()) {
                for (int i = 0; i < keys.length; i++) batch.put(StoreSegment.COINS, keys[i], b("v" + i));
                batch.put(StoreSegment.UNDO, new byte[] {0x01, 0x01}, b("other segment"));
                batch.commit();
            }
        }
        for (byte[] prefix : List.of(new byte[] {0x01}, new byte[] {0x01, (byte) 0xff}, new byte[] {(byte) 0xff},
                new byte[] {(byte) 0xff, (byte) 0xff}, new byte[0], new byte[] {0x03})) {
            assertThat(scan(store, StoreSegment.COINS, prefix)).as("prefix %s", java.util.HexFormat.of().formatHex(prefix))
                    .isEqualTo(scan(memory, StoreSegment.COINS, prefix));
        }
        assertThat(scan(store, StoreSegment.COINS, new byte[] {0x01})).containsExactly(
                "01=v0", "0100=v1", "017f=v5", "0180=v2", "01ff=v3", "01ffff=v4");
        assertThat(scan(store, StoreSegment.COINS, new byte[] {(byte) 0xff})).containsExactly("ff=v8", "ff00=v9", "ffff=v10");
        assertThat(scan(store, StoreSegment.COINS, new byte[0])).hasSize(keys.length);
    }

    @Test
    void scanStopsWhenVisitorReturnsFalse() {
        for (int i = 0; i < 10; i++) put(store, StoreSegment.HEIGHTS, "h" + i, "x");
        List<String> seen = new ArrayList<>();
        store.scan(StoreSegment.HEIGHTS, b("h"), (k, v) -> {
            seen.add(new String(k, UTF_8));
            return seen.size() < 3;
        });
        assertThat(seen).containsExactly("h0", "h1", "h2");
    }

    @Test
    void prefixEndIsTheLeastKeyAfterThePrefixRange() {
        assertThat(RocksDbKeyValueStore.prefixEnd(new byte[] {0x01, 0x02})).containsExactly(0x01, 0x03);
        assertThat(RocksDbKeyValueStore.prefixEnd(new byte[] {0x01, (byte) 0xff})).containsExactly(0x02);
        assertThat(RocksDbKeyValueStore.prefixEnd(new byte[] {(byte) 0xff, (byte) 0xff})).isEmpty();
        assertThat(RocksDbKeyValueStore.prefixEnd(new byte[0])).isEmpty();
    }

    @Test
    void dataSurvivesReopenIncludingLargeBlobValues() {
        byte[] block = new byte[200_000];
        new Random(1).nextBytes(block);
        try (WriteBatch batch = store.newBatch()) {
            batch.put(StoreSegment.BLOCKS, b("blk"), block);
            batch.put(StoreSegment.BLOCKS, b("tiny"), b("inline"));
            batch.put(StoreSegment.META, b("tip"), b("blk"));
            batch.commit(true);
        }
        store.close();
        store = RocksDbKeyValueStore.open(tmp.resolve("db"), StorageOptions.defaults());
        assertThat(store.get(StoreSegment.BLOCKS, b("blk"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(block));
        assertThat(store.get(StoreSegment.BLOCKS, b("tiny")).map(String::new)).hasValue("inline");
        // The close flushed the memtables, so the large block now lives in a blob file.
        assertThat(store.stats().segments().get(StoreSegment.BLOCKS).blobBytes()).isGreaterThan(block.length / 2);
    }

    @Test
    void checkpointIsAConsistentCopyThatReopens() {
        put(store, StoreSegment.COINS, "before", "1");
        Path copy = tmp.resolve("checkpoints/copy");
        store.checkpoint(copy);
        put(store, StoreSegment.COINS, "after", "2");
        try (RocksDbKeyValueStore snapshot = RocksDbKeyValueStore.open(copy, StorageOptions.defaults())) {
            assertThat(snapshot.get(StoreSegment.COINS, b("before")).map(String::new)).hasValue("1");
            assertThat(snapshot.get(StoreSegment.COINS, b("after"))).isEmpty();
        }
        assertThat(store.get(StoreSegment.COINS, b("after")).map(String::new)).hasValue("2");
        assertThatThrownBy(() -> store.checkpoint(copy))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.INVALID_ARGUMENT));
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailTyped() {
        WriteBatch batch = store.newBatch();
        store.sync();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.get(StoreSegment.META, b("a")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.CLOSED));
        assertThatThrownBy(() -> batch.put(StoreSegment.META, b("a"), b("1")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.CLOSED));
        assertThat(store.approximateSizeBytes()).isZero();
        batch.close();
    }

    @Test
    void closeWhileOtherThreadsReadAndWriteWaitsForThemAndFailsLaterCallsTyped() throws Exception {
        for (int i = 0; i < 1000; i++) put(store, StoreSegment.COINS, String.format("k%04d", i), "v");
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> unexpected = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger closedSeen = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                running.countDown();
                try {
                    for (int n = 0; ; n++) {
                        if (id % 2 == 0) {
                            store.scan(StoreSegment.COINS, b("k"), (k, v) -> true);
                        } else {
                            try (WriteBatch batch = store.newBatch()) {
                                batch.put(StoreSegment.UNDO, b("t" + id + "-" + n), b("x"));
                                batch.commit();
                            }
                            store.get(StoreSegment.COINS, b("k0001"));
                        }
                    }
                } catch (StorageException e) {
                    if (e.reason() == StorageException.Reason.CLOSED) closedSeen.incrementAndGet();
                    else unexpected.add(e);
                } catch (Throwable e) {
                    unexpected.add(e);
                }
            }));
        }
        running.await();
        Thread.sleep(200);
        store.close();
        for (Thread thread : threads) thread.join(10_000);
        assertThat(unexpected).isEmpty();
        assertThat(closedSeen).hasValue(4);
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedWithBitcoindStyleMessage() {
        assertThatThrownBy(() -> RocksDbKeyValueStore.open(tmp.resolve("db"), StorageOptions.defaults()))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StorageException.Reason.LOCKED);
                    assertThat(e.getMessage()).isEqualTo("Cannot obtain a lock on data directory "
                            + tmp.resolve("db").toAbsolutePath() + ". Blocksmith is probably already running.");
                });
    }

    @Test
    void corruptedDatabaseIsReportedAsSuch() throws Exception {
        put(store, StoreSegment.META, "a", "1");
        store.close();
        // Flip bytes inside the MANIFEST's records: its checksums no longer match.
        Path manifest = tmp.resolve("db").resolve(Files.readString(tmp.resolve("db/CURRENT")).strip());
        byte[] content = Files.readAllBytes(manifest);
        for (int i = 16; i < content.length - 8; i += 7) content[i] ^= 0x5a;
        Files.write(manifest, content);
        assertThatThrownBy(() -> RocksDbKeyValueStore.open(tmp.resolve("db"), StorageOptions.defaults()))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.getMessage()).startsWith("Corrupted block database detected in " + tmp.resolve("db").toAbsolutePath());
                    assertThat(e.getMessage()).contains("-reindex");
                })
                .hasCauseInstanceOf(org.rocksdb.RocksDBException.class);
    }

    @Test
    void unknownColumnFamiliesOnDiskAreKeptOpen() throws Exception {
        store.close();
        // A "newer version" adds a family this code does not know.
        try (org.rocksdb.DBOptions options = new org.rocksdb.DBOptions().setCreateIfMissing(true);
                org.rocksdb.ColumnFamilyOptions cfOptions = new org.rocksdb.ColumnFamilyOptions()) {
            List<org.rocksdb.ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(org.rocksdb.RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
            for (StoreSegment s : StoreSegment.values()) descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(b(s.id()), cfOptions));
            List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
            try (org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, tmp.resolve("db").toString(), descriptors, handles)) {
                try (org.rocksdb.ColumnFamilyHandle future = db.createColumnFamily(new org.rocksdb.ColumnFamilyDescriptor(b("future_index"), cfOptions))) {
                    db.put(future, b("k"), b("kept"));
                }
                handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
            }
        }
        store = RocksDbKeyValueStore.open(tmp.resolve("db"), StorageOptions.defaults());
        put(store, StoreSegment.META, "a", "1");
        store.close();
        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            assertThat(org.rocksdb.RocksDB.listColumnFamilies(options, tmp.resolve("db").toString()))
                    .extracting(n -> new String(n, UTF_8)).contains("future_index", "meta", "coins");
        }
        store = RocksDbKeyValueStore.open(tmp.resolve("db"), StorageOptions.defaults());
        assertThat(store.get(StoreSegment.META, b("a")).map(String::new)).hasValue("1");
    }

    @Test
    void zstdAndNoCompressionOpenToo() {
        for (Compression codec : Compression.values()) {
            Path dir = tmp.resolve("codec-" + codec);
            try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir, StorageOptions.defaults().withCompression(codec))) {
                put(kv, StoreSegment.COINS, "k", "v".repeat(10_000));
            }
            try (RocksDbKeyValueStore kv = RocksDbKeyValueStore.open(dir, StorageOptions.defaults().withCompression(codec))) {
                assertThat(kv.get(StoreSegment.COINS, b("k")).map(String::new)).hasValue("v".repeat(10_000));
                assertThat(kv.approximateSizeBytes()).as(codec.name()).isPositive();
            }
        }
    }

    @Test
    void statsCountCacheTrafficAndBytes() {
        for (int i = 0; i < 500; i++) put(store, StoreSegment.COINS, String.format("k%05d", i), "v".repeat(100));
        store.close();
        store = RocksDbKeyValueStore.open(tmp.resolve("db"), StorageOptions.defaults());
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 500; i++) assertThat(store.get(StoreSegment.COINS, b(String.format("k%05d", i)))).isPresent();
        }
        StorageStats stats = store.stats();
        assertThat(stats.blockCacheMisses()).isPositive();
        assertThat(stats.blockCacheHits()).isGreaterThan(stats.blockCacheMisses());
        assertThat(stats.blockCacheHitRate()).isBetween(0.5, 1.0);
        assertThat(stats.bytesRead()).isEqualTo(2L * 500 * 100);
        assertThat(stats.segments().get(StoreSegment.COINS).estimatedKeys()).isEqualTo(500);
        assertThat(stats.segments().get(StoreSegment.COINS).sstBytes()).isPositive();
        put(store, StoreSegment.META, "x", "y");
        assertThat(store.stats().bytesWritten()).isPositive();
        assertThat(stats.segments()).containsOnlyKeys(StoreSegment.values());
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> StorageOptions.defaults().withCacheMiB(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageOptions.defaults().withWriteBufferMiB(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageOptions.defaults().withMaxOpenFiles(3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(StorageOptions.defaults().withCacheMiB(450).writeBufferMiB()).isEqualTo(64);
        assertThat(StorageOptions.defaults().withCacheMiB(16).writeBufferMiB()).isEqualTo(4);
    }
}
