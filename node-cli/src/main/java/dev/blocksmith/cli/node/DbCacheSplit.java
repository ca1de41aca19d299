package dev.blocksmith.cli.node;

/**
 * How {@code -dbcache} is shared, as bitcoind's CalculateCacheSizes: a small part for the database (RocksDB's block
 * cache and memtables, which hold the block index and the coins on disk) and the rest for the in-memory coins cache.
 * The coins cache lives on the Java heap, so it never takes more than half of the heap the JVM may grow to: a
 * {@code -dbcache} larger than that is cut down (and the cut logged) rather than ending in an out-of-memory error.
 *
 * @param databaseMiB RocksDB's share
 * @param coinsBytes  the coins cache's share, in bytes
 * @param capped      true when the heap limit, not {@code -dbcache}, set {@code coinsBytes}
 */
public record DbCacheSplit(int databaseMiB, long coinsBytes, boolean capped) {
    /** bitcoind's MAX_BLOCK_DB_CACHE: the block index database's share at most. */
    static final int MAX_BLOCK_TREE_MIB = 2;
    /** bitcoind's MAX_COINS_DB_CACHE: the coins database's share at most. */
    static final int MAX_COINS_DB_MIB = 8;
    /** RocksDB's smallest block cache (StorageOptions). */
    static final int MIN_DATABASE_MIB = 4;

    /**
     * bitcoind gives the block index database an eighth of -dbcache up to 2 MiB and the coins database half of the rest
     * up to 8 MiB; both live in one RocksDB here, whose cache (memtables included) gets their sum.
     */
    public static DbCacheSplit of(int dbCacheMiB, long maxHeapBytes) {
        int blockTree = Math.min(dbCacheMiB / 8, MAX_BLOCK_TREE_MIB);
        int coinsDb = Math.min((dbCacheMiB - blockTree) / 2, MAX_COINS_DB_MIB);
        int database = Math.max(MIN_DATABASE_MIB, blockTree + coinsDb);
        long coins = Math.max(0, (long) (dbCacheMiB - database) * 1024 * 1024);
        long heapCap = maxHeapBytes / 2;
        return coins > heapCap ? new DbCacheSplit(database, heapCap, true) : new DbCacheSplit(database, coins, false);
    }
}
