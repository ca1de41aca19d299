package dev.blocksmith.p2p.cmpct;

import dev.blocksmith.core.tx.Transaction;

/**
 * A transaction sent whole inside a compact block. {@code differentialIndex} is the wire form of BIP152: the
 * distance from the previous prefilled transaction's position minus one (the first counts from -1), so it is
 * kept as sent and turned into positions only when the block is reconstructed, where bad values are judged.
 */
public record PrefilledTransaction(int differentialIndex, Transaction tx) {
    /** BIP152 positions are 16-bit. */
    public static final int MAX_INDEX = 0xffff;

    public PrefilledTransaction {
        if (differentialIndex < 0 || differentialIndex > MAX_INDEX) {
            throw new IllegalArgumentException("prefilled index out of range: " + differentialIndex);
        }
    }
}
