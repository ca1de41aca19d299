package dev.blocksmith.core.chain;

/**
 * Chain-state settings fixed at start.
 *
 * @param addressIndex     maintain the per-script index ({@code -addressindex})
 * @param txIndex          maintain txid → block ({@code -txindex})
 * @param maxTipAgeSeconds a tip older than this (on the node clock) keeps the node in initial block
 *                         download ({@code -maxtipage}, bitcoind's DEFAULT_MAX_TIP_AGE of 24 hours)
 * @param prune            block pruning ({@code -prune}, {@code -fastprune})
 */
public record ChainOptions(boolean addressIndex, boolean txIndex, long maxTipAgeSeconds, PruneOptions prune) {
    public static final long DEFAULT_MAX_TIP_AGE = 24 * 60 * 60;

    public ChainOptions {
        java.util.Objects.requireNonNull(prune);
        // bitcoind refuses the combination at start: pruned blocks cannot be looked up by txid.
        if (prune.enabled() && txIndex) throw new IllegalArgumentException("Prune mode is incompatible with -txindex.");
    }

    public ChainOptions(boolean addressIndex, boolean txIndex, long maxTipAgeSeconds) {
        this(addressIndex, txIndex, maxTipAgeSeconds, PruneOptions.OFF);
    }

    public ChainOptions(boolean addressIndex, boolean txIndex) {
        this(addressIndex, txIndex, DEFAULT_MAX_TIP_AGE);
    }

    public static ChainOptions defaults() {
        return new ChainOptions(true, true);
    }

    public ChainOptions withMaxTipAge(long seconds) {
        return new ChainOptions(addressIndex, txIndex, seconds, prune);
    }

    public ChainOptions withPrune(PruneOptions options) {
        return new ChainOptions(addressIndex, txIndex, maxTipAgeSeconds, options);
    }
}
