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
    /** The database's share: a quarter of -dbcache, at least 4 and at most 64 MiB. */
    static final int MAX_DATABASE_MIB = 64;
    static final int MIN_DATABASE_MIB = 4;

    public static DbCacheSplit of(int dbCacheMiB, long maxHeapBytes) {
        int database = Math.max(MIN_DATABASE_MIB, Math.min(MAX_DATABASE_MIB, dbCacheMiB / 4));
        long coins = Math.max(0, (long) (dbCacheMiB - database) * 1024 * 1024);
        long heapCap = maxHeapBytes / 2;
        return coins > heapCap ? new DbCacheSplit(database, heapCap, true) : new DbCacheSplit(database, coins, false);
    }
}
