package dev.blocksmith.core.store;

/**
 * The one list of storage segments (RocksDB column families) of a chain database; DESIGN.md §3.
 * Keys and values are opaque byte strings here; the typed layout of each segment lives with the code
 * that owns it (see {@code ChainDb}).
 */
public enum StoreSegment {
    /** block hash -> header, height, chain work, status, tx count. */
    BLOCK_INDEX("block_index"),
    /** block hash -> raw block: schema 1 only (blocks now live in blk files); kept so such databases open and migrate. */
    BLOCKS("blocks"),
    /** block hash -> spent coins of that block: schema 1 only (undo data now lives in rev files). */
    UNDO("undo"),
    /** outpoint -> coin. */
    COINS("coins"),
    /** height -> hash on the best chain. */
    HEIGHTS("heights"),
    /** txid -> block hash and position (optional). */
    TX_INDEX("tx_index"),
    /** script hash ‖ ... -> address history and unspent outputs (optional). */
    ADDR_INDEX("addr_index"),
    /** schema version, tip, flags. */
    META("meta"),
    /** the records of an optional index kept in a database of its own ({@code indexes/...}, see ChainIndex). */
    INDEX("index");

    private final String id;

    StoreSegment(String id) {
        this.id = id;
    }

    /** Stable name used as the column family name on disk. */
    public String id() {
        return id;
    }
}
