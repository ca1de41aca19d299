package dev.blocksmith.storage;

import org.rocksdb.CompressionType;

/** Block compression for SST and blob files; both codecs are compiled into rocksdbjni's native library. */
public enum Compression {
    NONE(CompressionType.NO_COMPRESSION),
    /** Fast enough to keep on for the hot segments (coins, index); the default. */
    LZ4(CompressionType.LZ4_COMPRESSION),
    /** Smaller files for more CPU; worth it on slow disks. */
    ZSTD(CompressionType.ZSTD_COMPRESSION);

    private final CompressionType type;

    Compression(CompressionType type) {
        this.type = type;
    }

    CompressionType rocksDbType() {
        return type;
    }
}
