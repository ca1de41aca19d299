package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;

/** An immutable snapshot of the best chain's tip, for readers that must not hold the chain lock. */
public record ChainTip(BlockIndex index, long medianTimePast) {
    public int height() {
        return index.height();
    }

    public Sha256Hash hash() {
        return index.hash();
    }

    public BigInteger chainWork() {
        return index.chainWork();
    }
}
