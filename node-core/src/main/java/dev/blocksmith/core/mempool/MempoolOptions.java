package dev.blocksmith.core.mempool;

/**
 * Mempool policy settings, with bitcoind 30's defaults and option names.
 *
 * @param maxMempoolBytes {@code -maxmempool} in bytes of estimated memory use (default 300 MB)
 * @param expirySeconds {@code -mempoolexpiry} (default 336 hours)
 * @param minRelayFee {@code -minrelaytxfee} (default 100 sat/kvB since Core 30)
 * @param incrementalRelayFee {@code -incrementalrelayfee} (default 100 sat/kvB since Core 30)
 * @param dustRelayFee {@code -dustrelayfee} (default 3000 sat/kvB)
 * @param maxDatacarrierBytes {@code -datacarriersize}: total OP_RETURN script bytes per transaction
 *     (default 100 000 since Core 30); a negative value is {@code -datacarrier=0} (no OP_RETURN outputs)
 * @param permitBareMultisig {@code -permitbaremultisig} (default true)
 * @param requireStandard false for {@code -acceptnonstdtxn} (test networks only)
 * @param ancestorCount {@code -limitancestorcount} (25)
 * @param ancestorSizeVBytes {@code -limitancestorsize} in vbytes (101 kvB)
 * @param descendantCount {@code -limitdescendantcount} (25)
 * @param descendantSizeVBytes {@code -limitdescendantsize} in vbytes (101 kvB)
 * @param blockMinFeeRate {@code -blockmintxfee}: packages below it are not mined (1 sat/kvB since Core 30)
 */
public record MempoolOptions(long maxMempoolBytes, long expirySeconds, FeeRate minRelayFee, FeeRate incrementalRelayFee,
                             FeeRate dustRelayFee, int maxDatacarrierBytes, boolean permitBareMultisig,
                             boolean requireStandard, int ancestorCount, long ancestorSizeVBytes, int descendantCount,
                             long descendantSizeVBytes, FeeRate blockMinFeeRate) {
    public static final long DEFAULT_MAX_MEMPOOL_BYTES = 300_000_000L;
    public static final long DEFAULT_EXPIRY_SECONDS = 336L * 60 * 60;

    public static MempoolOptions defaults() {
        return new MempoolOptions(DEFAULT_MAX_MEMPOOL_BYTES, DEFAULT_EXPIRY_SECONDS, FeeRate.ofSatsPerKvB(100),
                FeeRate.ofSatsPerKvB(100), FeeRate.ofSatsPerKvB(3000), 100_000, true, true, 25, 101_000, 25, 101_000,
                FeeRate.ofSatsPerKvB(1));
    }

    public MempoolOptions withMaxMempoolBytes(long bytes) {
        return new MempoolOptions(bytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate);
    }

    public MempoolOptions withExpirySeconds(long seconds) {
        return new MempoolOptions(maxMempoolBytes, seconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate);
    }

    public MempoolOptions withMinRelayFee(FeeRate rate) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, rate, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate);
    }

    public MempoolOptions withDatacarrier(int maxBytes, boolean permitBareMultisig) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate);
    }

    public MempoolOptions withRequireStandard(boolean require) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, require, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate);
    }

    public MempoolOptions withPackageLimits(int ancestors, long ancestorVBytes, int descendants, long descendantVBytes) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestors, ancestorVBytes, descendants, descendantVBytes, blockMinFeeRate);
    }
}
