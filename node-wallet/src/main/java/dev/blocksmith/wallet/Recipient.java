package dev.blocksmith.wallet;

import dev.blocksmith.core.script.Script;

/** One payment of a send: where, how much, and whether the fee is taken out of it (subtractfeefromamount). */
public record Recipient(Script scriptPubKey, long amountSats, boolean subtractFee) {
    public Recipient {
        // Zero is a valid request that the wallet refuses as dust ("Transaction amount too small"), as bitcoind does.
        if (amountSats < 0) throw new IllegalArgumentException("amount must not be negative");
    }
}
