package dev.blocksmith.storage;

import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.Slice;
import org.rocksdb.Statistics;
import org.rocksdb.Status;
import org.rocksdb.TickerType;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyValueStore} on RocksDB: one column family per {@link StoreSegment}, named by its
 * {@link StoreSegment#id()}.
 *
 * <p>Every operation runs under the read side of a lifecycle lock and {@link #close()} takes the write
 * side, so a shutdown hook closing the store waits for calls in flight instead of freeing native memory
 * under them; calls after close fail with {@link StorageException.Reason#CLOSED}. Scans hold the read
 * side for their whole duration, so a scan visitor must not close the store.
 */
public final class RocksDbKeyValueStore implements KeyValueStore {
    private static final Logger log = LoggerFactory.getLogger(RocksDbKeyValueStore.class);
    private static final long MIB = 1024L * 1024;
    private static final String DEFAULT_FAMILY = new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8);

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksDB db;
    private final Map<StoreSegment, ColumnFamilyHandle> segments;
    private final List<ColumnFamilyHandle> allFamilies;
    private final Optional<Statistics> statistics;
    private final ReadOptions readOptions;
    private final WriteOptions bufferedWrite;
    private final WriteOptions syncedWrite;
    /** Native objects to free after the database, in the order they were made. */
    private final List<RocksObject> nativeConfig;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RocksDbKeyValueStore(Path dir, RocksDB db, Map<StoreSegment, ColumnFamilyHandle> segments,
            List<ColumnFamilyHandle> allFamilies, Optional<Statistics> statistics, List<RocksObject> nativeConfig) {
        this.dir = dir;
        this.db = db;
        this.segments = segments;
        this.allFamilies = allFamilies;
        this.statistics = statistics;
        this.nativeConfig = nativeConfig;
        this.readOptions = new ReadOptions();
        this.bufferedWrite = new WriteOptions();
        this.syncedWrite = new WriteOptions().setSync(true);
    }

    /**
     * Opens (creating when missing) the database in {@code dir}. Column families for every segment are
     * created if absent; families on disk that this version does not know are opened too and left alone,
     * so a newer node's database still opens after a downgrade.
     *
     * @throws StorageException with {@link StorageException.Reason#LOCKED} when another process uses the
     *     directory, {@link StorageException.Reason#CORRUPTED} when its files are damaged
     */
    public static RocksDbKeyValueStore open(Path dir, StorageOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        Path absolute = dir.toAbsolutePath();
        // bitcoind's CDBWrapper line for every database it opens (chainstate, indexes); Core's tests wait for it, so the
        // text is bitcoind's although the database is RocksDB.
        log.info("Opening LevelDB in {}", absolute);
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.IO,
                    "Cannot create data directory " + absolute + ": " + e.getMessage(), e);
        }
        Deque<RocksObject> made = new ArrayDeque<>();
        try {
            return openWith(absolute, options, made);
        } catch (RocksDBException e) {
            freeAll(made);
            throw translate(absolute, "open", e);
        } catch (RuntimeException | Error e) {
            freeAll(made);
            throw e;
        }
    }

    private static RocksDbKeyValueStore openWith(Path dir, StorageOptions options, Deque<RocksObject> made)
            throws RocksDBException {
        LRUCache cache = track(made, new LRUCache(options.cacheMiB() * MIB));
        // Memtables are charged to the block cache so that -dbcache bounds both (StorageOptions).
        WriteBufferManager writeBuffers = track(made, new WriteBufferManager(options.writeBufferMiB() * MIB, cache));
        Optional<Statistics> statistics = options.statistics() ? Optional.of(track(made, new Statistics())) : Optional.empty();

        DBOptions dbOptions = track(made, new DBOptions())
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxOpenFiles(options.maxOpenFiles())
                .setWriteBufferManager(writeBuffers)
                // One batch spans several families (coins, undo, block index, meta). Atomic flush keeps
                // their SST files at the same point of the log, so recovery after a torn WAL tail cannot
                // find one family ahead of another and refuse to open.
                .setAtomicFlush(true)
                // After a crash, replay the log up to the last intact record: the batches that made it
                // are whole, the others are gone, and the node replays blocks from the recovered tip.
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setMaxTotalWalSize(4L * options.writeBufferMiB() * MIB)
                .setMaxBackgroundJobs(2)
                .setBytesPerSync(MIB)
                .setKeepLogFileNum(3)
                .setMaxLogFileSize(8 * MIB);
        statistics.ifPresent(dbOptions::setStatistics);

        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                // Index and filter blocks go through the cache too, so they count against -dbcache;
                // level-0 ones stay pinned because every lookup consults them.
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        if (options.bloomFilters()) {
            table.setFilterPolicy(track(made, new BloomFilter(10)));
        }

        List<String> onDisk = existingFamilies(dir, made);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions(options, table, false, made)));
        for (StoreSegment segment : StoreSegment.values()) {
            descriptors.add(new ColumnFamilyDescriptor(segment.id().getBytes(StandardCharsets.UTF_8),
                    familyOptions(options, table, segment == StoreSegment.BLOCKS && options.blobFilesForBlocks(), made)));
        }
        List<String> unknown = new ArrayList<>();
        for (String name : onDisk) {
            if (!name.equals(DEFAULT_FAMILY) && Arrays.stream(StoreSegment.values()).noneMatch(s -> s.id().equals(name))) {
                unknown.add(name);
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions(options, table, false, made)));
            }
        }
        if (!unknown.isEmpty()) {
            log.warn("Database {} has column families this version does not use, left untouched: {}", dir, unknown);
        }

        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        Map<StoreSegment, ColumnFamilyHandle> bySegment = new EnumMap<>(StoreSegment.class);
        StoreSegment[] all = StoreSegment.values();
        for (int i = 0; i < all.length; i++) {
            bySegment.put(all[i], handles.get(i + 1));
        }
        log.info("Opened block database {} ({} MiB cache, {} MiB write buffers, {} compression, blob files for blocks: {})",
                dir, options.cacheMiB(), options.writeBufferMiB(), options.compression(), options.blobFilesForBlocks());
        return new RocksDbKeyValueStore(dir, db, bySegment, List.copyOf(handles), statistics, List.copyOf(made));
    }

    private static List<String> existingFamilies(Path dir, Deque<RocksObject> made) throws RocksDBException {
        if (!Files.exists(dir.resolve("CURRENT"))) {
            return List.of();
        }
        Options probe = track(made, new Options());
        List<String> names = new ArrayList<>();
        for (byte[] name : RocksDB.listColumnFamilies(probe, dir.toString())) {
            names.add(new String(name, StandardCharsets.UTF_8));
        }
        return names;
    }

    private static ColumnFamilyOptions familyOptions(StorageOptions options, BlockBasedTableConfig table,
            boolean blobFiles, Deque<RocksObject> made) {
        ColumnFamilyOptions cf = track(made, new ColumnFamilyOptions())
                .setTableFormatConfig(table)
                .setCompressionType(options.compression().rocksDbType())
                .setLevelCompactionDynamicLevelBytes(true)
                // A quarter of the shared budget each: the WriteBufferManager flushes when all of them
                // together pass writeBufferMiB, so a busy segment cannot hold every byte.
                .setWriteBufferSize(Math.max(MIB, options.writeBufferMiB() * MIB / 4))
                .setMaxWriteBufferNumber(2);
        if (blobFiles) {
            cf.setEnableBlobFiles(true)
                    .setMinBlobSize(StorageOptions.BLOB_MIN_BYTES)
                    .setBlobFileSize(256 * MIB)
                    .setBlobCompressionType(options.compression().rocksDbType())
                    // Blocks are removed only by pruning; reclaim their blob files as compaction goes.
                    .setEnableBlobGarbageCollection(true);
        }
        return cf;
    }

    private static <T extends RocksObject> T track(Deque<RocksObject> made, T object) {
        made.add(object);
        return object;
    }

    private static void freeAll(Iterable<? extends RocksObject> objects) {
        for (RocksObject object : objects) {
            object.close();
        }
    }

    /** Where the database lives. */
    public Path directory() {
        return dir;
    }

    @Override
    public Optional<byte[]> get(StoreSegment segment, byte[] key) {
        Objects.requireNonNull(key, "key");
        Lock lock = enter();
        try {
            return Optional.ofNullable(db.get(handle(segment), readOptions, key));
        } catch (RocksDBException e) {
            throw translate(dir, "read " + segment.id(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void scan(StoreSegment segment, byte[] prefix, EntryVisitor visitor) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(visitor, "visitor");
        Lock lock = enter();
        // The upper bound lets RocksDB stop at the end of the prefix range without reading the next key.
        byte[] end = prefixEnd(prefix);
        try (Slice upper = end.length == 0 ? null : new Slice(end);
                ReadOptions scanOptions = new ReadOptions();
                RocksIterator it = db.newIterator(handle(segment), upper == null ? scanOptions : scanOptions.setIterateUpperBound(upper))) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, prefix) || !visitor.visit(key, it.value())) {
                    break;
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw translate(dir, "scan " + segment.id(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The least key greater than every key starting with {@code prefix}; empty when there is none. */
    static byte[] prefixEnd(byte[] prefix) {
        int last = prefix.length - 1;
        while (last >= 0 && prefix[last] == (byte) 0xff) {
            last--;
        }
        if (last < 0) {
            return new byte[0];
        }
        byte[] end = Arrays.copyOf(prefix, last + 1);
        end[last]++;
        return end;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public WriteBatch newBatch() {
        Lock lock = enter();
        try {
            return new RocksWriteBatch();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sync() {
        Lock lock = enter();
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            throw translate(dir, "sync the write-ahead log", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void checkpoint(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new StorageException(StorageException.Reason.INVALID_ARGUMENT,
                    "Checkpoint directory " + absolute + " already exists");
        }
        Lock lock = enter();
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Hard-links immutable SST and blob files and copies the live log, so the copy is
            // consistent even while writers carry on.
            checkpoint.createCheckpoint(absolute.toString());
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.IO,
                    "Cannot create checkpoint directory " + absolute + ": " + e.getMessage(), e);
        } catch (RocksDBException e) {
            throw translate(dir, "checkpoint to " + absolute, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long approximateSizeBytes() {
        Lock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            long total = 0;
            for (ColumnFamilyHandle family : allFamilies) {
                total += filesSize(family);
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long approximateSizeBytes(StoreSegment segment) {
        Lock lock = lifecycle.readLock();
        lock.lock();
        try {
            return closed ? 0 : filesSize(handle(segment));
        } finally {
            lock.unlock();
        }
    }

    private long filesSize(ColumnFamilyHandle family) {
        return property(family, "rocksdb.total-sst-files-size") + property(family, "rocksdb.total-blob-file-size");
    }

    /** Engine counters for metrics; see {@link StorageStats}. */
    public StorageStats stats() {
        Lock lock = enter();
        try {
            Map<StoreSegment, StorageStats.SegmentStats> perSegment = new EnumMap<>(StoreSegment.class);
            for (Map.Entry<StoreSegment, ColumnFamilyHandle> e : segments.entrySet()) {
                ColumnFamilyHandle family = e.getValue();
                perSegment.put(e.getKey(), new StorageStats.SegmentStats(
                        property(family, "rocksdb.estimate-num-keys"),
                        property(family, "rocksdb.total-sst-files-size"),
                        property(family, "rocksdb.total-blob-file-size")));
            }
            return new StorageStats(
                    ticker(TickerType.BLOCK_CACHE_HIT),
                    ticker(TickerType.BLOCK_CACHE_MISS),
                    ticker(TickerType.BYTES_WRITTEN),
                    ticker(TickerType.BYTES_READ),
                    perSegment);
        } finally {
            lock.unlock();
        }
    }

    private long ticker(TickerType type) {
        return statistics.map(s -> s.getTickerCount(type)).orElse(0L);
    }

    /** A numeric property, or 0 when this engine build does not report it: metrics must not fail the node. */
    private long property(ColumnFamilyHandle family, String name) {
        try {
            return db.getLongProperty(family, name);
        } catch (RocksDBException e) {
            log.debug("RocksDB property {} unavailable: {}", name, e.getMessage());
            return 0;
        }
    }

    /**
     * Makes committed writes durable, stops background compactions and frees every native object.
     * Idempotent; waits for calls in progress on other threads.
     *
     * @throws StorageException when the final log sync or the engine's close fails (after freeing all)
     */
    @Override
    public void close() {
        Lock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            StorageException failure = null;
            try {
                db.flushWal(true);
            } catch (RocksDBException e) {
                failure = translate(dir, "sync the write-ahead log on close", e);
            }
            // Compactions may be mid-way; wait for them to reach a safe point rather than racing the close.
            db.cancelAllBackgroundWork(true);
            for (ColumnFamilyHandle family : allFamilies) {
                family.close();
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                if (failure == null) failure = translate(dir, "close", e);
            }
            db.close();
            readOptions.close();
            bufferedWrite.close();
            syncedWrite.close();
            freeAll(nativeConfig.reversed());
            log.info("Closed block database {}", dir);
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the read side of the lifecycle lock, failing when the store is closed. */
    private Lock enter() {
        Lock lock = lifecycle.readLock();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new StorageException(StorageException.Reason.CLOSED, "Block database " + dir + " is closed");
        }
        return lock;
    }

    private ColumnFamilyHandle handle(StoreSegment segment) {
        return segments.get(Objects.requireNonNull(segment, "segment"));
    }

    /** Maps a RocksDB status to an operator-facing message and a reason the caller can act on. */
    static StorageException translate(Path dir, String action, RocksDBException e) {
        Status status = e.getStatus();
        Status.Code code = status == null ? Status.Code.Undefined : status.getCode();
        String detail = e.getMessage();
        return switch (code) {
            case IOError -> detail != null && detail.contains("LOCK")
                    ? new StorageException(StorageException.Reason.LOCKED,
                            "Cannot obtain a lock on data directory " + dir + ". Blocksmith is probably already running.", e)
                    : new StorageException(StorageException.Reason.IO,
                            "I/O error in block database " + dir + " (" + action + "): " + detail, e);
            case Corruption -> new StorageException(StorageException.Reason.CORRUPTED,
                    "Corrupted block database detected in " + dir + " (" + detail + ")."
                            + " Please restart with -reindex or -reindex-chainstate to recover.", e);
            case InvalidArgument, NotSupported -> new StorageException(StorageException.Reason.INVALID_ARGUMENT,
                    "Block database " + dir + " rejected " + action + ": " + detail, e);
            default -> new StorageException(StorageException.Reason.OTHER,
                    "Block database " + dir + " failed to " + action + ": " + detail, e);
        };
    }

    /** Buffers writes in a native RocksDB batch; {@link #commit(boolean)} applies them in one log record. */
    private final class RocksWriteBatch implements WriteBatch {
        private final org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
        private boolean released;

        @Override
        public void put(StoreSegment segment, byte[] key, byte[] value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            checkUsable();
            // The family handle is native memory that close() frees, hence the lifecycle lock.
            Lock lock = enter();
            try {
                batch.put(handle(segment), key, value);
            } catch (RocksDBException e) {
                throw translate(dir, "add to a batch", e);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void delete(StoreSegment segment, byte[] key) {
            Objects.requireNonNull(key, "key");
            checkUsable();
            Lock lock = enter();
            try {
                batch.delete(handle(segment), key);
            } catch (RocksDBException e) {
                throw translate(dir, "add to a batch", e);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void commit(boolean sync) {
            checkUsable();
            Lock lock = enter();
            try {
                db.write(sync ? syncedWrite : bufferedWrite, batch);
                batch.clear();
            } catch (RocksDBException e) {
                throw translate(dir, "commit a batch", e);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                batch.close();
            }
        }

        private void checkUsable() {
            if (released) {
                throw new IllegalStateException("write batch already closed");
            }
        }
    }
}
