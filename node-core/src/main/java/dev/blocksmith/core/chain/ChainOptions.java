package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.Objects;
import java.util.Optional;

/**
 * Chain-state settings fixed at start.
 *
 * @param addressIndex      maintain the per-script index ({@code -addressindex})
 * @param txIndex           maintain txid → block ({@code -txindex})
 * @param maxTipAgeSeconds  a tip older than this (on the node clock) keeps the node in initial block
 *                          download ({@code -maxtipage}, bitcoind's DEFAULT_MAX_TIP_AGE of 24 hours)
 * @param prune             block pruning ({@code -prune}, {@code -fastprune})
 * @param coinsCacheBytes   the in-memory UTXO cache's share of {@code -dbcache}: past it the chain state is flushed
 * @param flushIntervalNanos the periodic flush (bitcoind writes the chain state about once an hour)
 * @param assumeValid       {@code -assumevalid}: the block whose ancestors' scripts need not be checked (under
 *                          Core's conditions, {@link AssumeValid}); empty checks every script ({@code -assumevalid=0})
 */
public record ChainOptions(boolean addressIndex, boolean txIndex, long maxTipAgeSeconds, PruneOptions prune,
                           long coinsCacheBytes, long flushIntervalNanos, Optional<Sha256Hash> assumeValid) {
    public static final long DEFAULT_MAX_TIP_AGE = 24 * 60 * 60;
    /** bitcoind's -dbcache default (DEFAULT_DB_CACHE, MiB). */
    public static final int DEFAULT_DB_CACHE_MIB = 450;
    /** bitcoind's DATABASE_WRITE_INTERVAL (between 50 and 70 minutes there; one hour here). */
    public static final long DEFAULT_FLUSH_INTERVAL_NANOS = 60L * 60 * 1_000_000_000L;

    public ChainOptions {
        Objects.requireNonNull(prune);
        Objects.requireNonNull(assumeValid);
        // bitcoind refuses the combination at start: pruned blocks cannot be looked up by txid.
        if (prune.enabled() && txIndex) throw new IllegalArgumentException("Prune mode is incompatible with -txindex.");
        if (coinsCacheBytes < 0) throw new IllegalArgumentException("negative coins cache size");
    }

    public ChainOptions(boolean addressIndex, boolean txIndex, long maxTipAgeSeconds, PruneOptions prune) {
        this(addressIndex, txIndex, maxTipAgeSeconds, prune, DEFAULT_DB_CACHE_MIB * 1024L * 1024L,
                DEFAULT_FLUSH_INTERVAL_NANOS, Optional.empty());
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
        return new ChainOptions(addressIndex, txIndex, seconds, prune, coinsCacheBytes, flushIntervalNanos, assumeValid);
    }

    public ChainOptions withPrune(PruneOptions options) {
        return new ChainOptions(addressIndex, txIndex, maxTipAgeSeconds, options, coinsCacheBytes, flushIntervalNanos, assumeValid);
    }

    /** The coins cache's size; 0 flushes after every block (every block's coins in its own write, as before the cache). */
    public ChainOptions withCoinsCacheBytes(long bytes) {
        return new ChainOptions(addressIndex, txIndex, maxTipAgeSeconds, prune, bytes, flushIntervalNanos, assumeValid);
    }

    public ChainOptions withFlushInterval(java.time.Duration interval) {
        return new ChainOptions(addressIndex, txIndex, maxTipAgeSeconds, prune, coinsCacheBytes, interval.toNanos(), assumeValid);
    }

    public ChainOptions withAssumeValid(Optional<Sha256Hash> block) {
        return new ChainOptions(addressIndex, txIndex, maxTipAgeSeconds, prune, coinsCacheBytes, flushIntervalNanos, block);
    }
}
