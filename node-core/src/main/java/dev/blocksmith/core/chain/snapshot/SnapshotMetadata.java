package dev.blocksmith.core.chain.snapshot;

import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;

/**
 * The header of a bitcoind UTXO snapshot (node/utxo_snapshot.h): the magic bytes "utxo" 0xff, the format version (2),
 * the network's message start, the hash of the block whose UTXO set follows, and the number of coins.
 */
public record SnapshotMetadata(byte[] networkMagic, Sha256Hash baseBlockHash, long coinsCount) {
    static final byte[] MAGIC = {'u', 't', 'x', 'o', (byte) 0xff};
    static final int VERSION = 2;
    /** Where the coins count starts, for patching it once the coins are written. */
    static final int COINS_COUNT_OFFSET = MAGIC.length + 2 + 4 + 32;
    static final int SIZE = COINS_COUNT_OFFSET + 8;

    public SnapshotMetadata {
        networkMagic = networkMagic.clone();
        if (networkMagic.length != 4) throw new IllegalArgumentException("network magic must be 4 bytes");
    }

    public byte[] serialize() {
        return new ByteWriter(SIZE).bytes(MAGIC).u16le(VERSION).bytes(networkMagic).hash(baseBlockHash).i64le(coinsCount).toByteArray();
    }
}
