package dev.blocksmith.wallet.account;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which derivation indexes of an account's two chains to watch and hand out. BIP44: wallets stop
 * scanning after {@code gapLimit} consecutive unused addresses, so we watch every index up to the
 * highest used one plus the gap, and hand out addresses in order without skipping.
 */
public final class GapLimitTracker {
    /** BIP44's recommended gap limit. */
    public static final int DEFAULT_GAP_LIMIT = 20;

    private final int gapLimit;
    private final Map<Account.Chain, Integer> highestUsed = new EnumMap<>(Account.Chain.class);
    private final Map<Account.Chain, Integer> nextToIssue = new EnumMap<>(Account.Chain.class);

    public GapLimitTracker(int gapLimit) {
        if (gapLimit < 1) throw new IllegalArgumentException("gap limit must be positive");
        this.gapLimit = gapLimit;
        for (Account.Chain c : Account.Chain.values()) {
            highestUsed.put(c, -1);
            nextToIssue.put(c, 0);
        }
    }

    public int gapLimit() {
        return gapLimit;
    }

    /** Records that an output paid to {@code index} (from a block or mempool transaction). */
    public synchronized void markUsed(Account.Chain chain, int index) {
        if (index > highestUsed.get(chain)) highestUsed.put(chain, index);
        if (index >= nextToIssue.get(chain)) nextToIssue.put(chain, index + 1);
    }

    /** Indexes 0..(returned-1) must be watched for incoming payments. */
    public synchronized int watchUpTo(Account.Chain chain) {
        return Math.max(highestUsed.get(chain), nextToIssue.get(chain) - 1) + 1 + gapLimit;
    }

    /** Hands out the next fresh index (getnewaddress / getrawchangeaddress). */
    public synchronized int issueNext(Account.Chain chain) {
        int i = nextToIssue.get(chain);
        nextToIssue.put(chain, i + 1);
        return i;
    }

    public synchronized int highestUsed(Account.Chain chain) {
        return highestUsed.get(chain);
    }

    public synchronized int nextIndex(Account.Chain chain) {
        return nextToIssue.get(chain);
    }

    /** Restores persisted state. */
    public synchronized void restore(Account.Chain chain, int highestUsedIndex, int nextIndex) {
        highestUsed.put(chain, highestUsedIndex);
        nextToIssue.put(chain, nextIndex);
    }
}
