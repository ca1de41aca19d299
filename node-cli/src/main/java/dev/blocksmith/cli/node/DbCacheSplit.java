package dev.blocksmith.cli.node;

import java.util.Optional;

/**
 * How {@code -dbcache} is shared, as bitcoind's CalculateCacheSizes: a small part for the database (RocksDB's block
 * cache and memtables, which hold the block index and the coins on disk) and the rest for the in-memory coins cache.
 * The coins cache lives on the Java heap. The launcher (scripts/java-heap.sh) sizes the heap for it: -dbcache plus
 * -maxmempool plus an allowance, and tells the node with {@value #HEAP_BUDGET_PROPERTY} how much of the heap it set
 * aside for the cache. The cache gets the larger of that budget and half of the heap: a {@code -dbcache} larger than
 * both (a heap capped by the container's memory, or set by hand) is cut down, and the cut logged, rather than ending
 * in an out-of-memory error.
 *
 * @param databaseMiB RocksDB's share
 * @param coinsBytes  the coins cache's share, in bytes
 * @param capped      true when the heap limit, not {@code -dbcache}, set {@code coinsBytes}
 */
public record DbCacheSplit(int databaseMiB, long coinsBytes, boolean capped) {
    /** The system property the launcher sets: MiB of heap left for the coins cache once mempool and allowance are out. */
    public static final String HEAP_BUDGET_PROPERTY = "blocksmith.dbcacheHeapMiB";
    /** bitcoind's MAX_BLOCK_DB_CACHE: the block index database's share at most. */
    static final int MAX_BLOCK_TREE_MIB = 2;
    /** bitcoind's MAX_COINS_DB_CACHE: the coins database's share at most. */
    static final int MAX_COINS_DB_MIB = 8;
    /** RocksDB's smallest block cache (StorageOptions). */
    static final int MIN_DATABASE_MIB = 4;
    private static final long MIB = 1024 * 1024;

    /** Without a launcher's budget: at most half of the heap. */
    public static DbCacheSplit of(int dbCacheMiB, long maxHeapBytes) {
        return of(dbCacheMiB, maxHeapBytes, 0);
    }

    /**
     * bitcoind gives the block index database an eighth of -dbcache up to 2 MiB and the coins database half of the rest
     * up to 8 MiB; both live in one RocksDB here, whose cache (memtables included) gets their sum.
     *
     * @param heapBudgetBytes the heap the launcher set aside for the coins cache, 0 for none
     */
    public static DbCacheSplit of(int dbCacheMiB, long maxHeapBytes, long heapBudgetBytes) {
        int blockTree = Math.min(dbCacheMiB / 8, MAX_BLOCK_TREE_MIB);
        int coinsDb = Math.min((dbCacheMiB - blockTree) / 2, MAX_COINS_DB_MIB);
        int database = Math.max(MIN_DATABASE_MIB, blockTree + coinsDb);
        long coins = Math.max(0, (long) (dbCacheMiB - database) * MIB);
        long heapCap = Math.max(maxHeapBytes / 2, Math.min(heapBudgetBytes, maxHeapBytes));
        return coins > heapCap ? new DbCacheSplit(database, heapCap, true) : new DbCacheSplit(database, coins, false);
    }

    /** The launcher's budget from {@value #HEAP_BUDGET_PROPERTY}'s value, in bytes; none when absent or not a count. */
    public static long heapBudgetBytes(Optional<String> property) {
        return property.filter(v -> v.matches("[0-9]{1,9}")).map(v -> Long.parseLong(v) * MIB).orElse(0L);
    }
}
