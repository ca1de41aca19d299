package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.Sha256Hash;

/** Where a confirmed transaction is: block hash and position in the block. */
public record TxLocation(Sha256Hash blockHash, int position) {
}
