package dev.blocksmith.storage;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.chain.DirectoryBlockFiles;
import dev.blocksmith.core.chain.FlatFileBlockStore;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The other process of {@link ChainCrashRecoveryTest}: opens (or resumes) the chain in {@code DIR} on RocksDB and
 * blk/rev files with a small coins cache, so the chain state is flushed every few blocks, and connects
 * {@link ChurnChain} blocks up to {@code HEIGHT}, printing {@code connected N} after each. Each synced commit (a
 * flush of the chain state) is announced with {@code flushing} and held for a moment before it is made, then
 * {@code flushed}, so the test can kill the process in the middle of a flush.
 * <p>Arguments: {@code DIR HEIGHT COINS_CACHE_BYTES}.
 */
final class ChildChainProcess {
    private ChildChainProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int height = Integer.parseInt(args[1]);
        long cacheBytes = Long.parseLong(args[2]);
        try (RocksDbKeyValueStore rocks = RocksDbKeyValueStore.open(dir.resolve("chainstate"), StorageOptions.defaults());
             FlatFileBlockStore blocks = openBlocks(dir)) {
            ChainManager chain = ChainManager.open(ChurnChain.PARAMS, new AnnouncingStore(rocks), blocks,
                    (block, spent, flags) -> { }, options(cacheBytes), () -> 2_000_000_000L);
            System.out.println("resumed " + chain.tip().height());
            System.out.flush();
            while (chain.tip().height() < height) {
                Block next = ChurnChain.next(chain.tip().index());
                chain.processBlock(next);
                System.out.println("connected " + chain.tip().height());
                System.out.flush();
            }
            chain.close();
        }
    }

    static FlatFileBlockStore openBlocks(Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("blocks"));
        return FlatFileBlockStore.open(new DirectoryBlockFiles(dir.resolve("blocks")), ChurnChain.PARAMS.magic(),
                FlatFileBlockStore.MAX_BLOCKFILE_SIZE, false);
    }

    static ChainOptions options(long cacheBytes) {
        return new ChainOptions(false, false).withCoinsCacheBytes(cacheBytes);
    }

    /** The store with every synced commit announced on stdout and delayed by 30 ms, so a kill can land inside it. */
    private record AnnouncingStore(KeyValueStore store) implements KeyValueStore {
        @Override
        public Optional<byte[]> get(StoreSegment segment, byte[] key) {
            return store.get(segment, key);
        }

        @Override
        public void scan(StoreSegment segment, byte[] prefix, EntryVisitor visitor) {
            store.scan(segment, prefix, visitor);
        }

        @Override
        public WriteBatch newBatch() {
            WriteBatch batch = store.newBatch();
            return new WriteBatch() {
                @Override
                public void put(StoreSegment segment, byte[] key, byte[] value) {
                    batch.put(segment, key, value);
                }

                @Override
                public void delete(StoreSegment segment, byte[] key) {
                    batch.delete(segment, key);
                }

                @Override
                public void commit(boolean sync) {
                    if (!sync) {
                        batch.commit(false);
                        return;
                    }
                    System.out.println("flushing");
                    System.out.flush();
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    batch.commit(true);
                    System.out.println("flushed");
                    System.out.flush();
                }

                @Override
                public void close() {
                    batch.close();
                }
            };
        }

        @Override
        public void sync() {
            store.sync();
        }

        @Override
        public void checkpoint(Path dir) {
            store.checkpoint(dir);
        }

        @Override
        public long approximateSizeBytes() {
            return store.approximateSizeBytes();
        }

        @Override
        public long approximateSizeBytes(StoreSegment segment) {
            return store.approximateSizeBytes(segment);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
