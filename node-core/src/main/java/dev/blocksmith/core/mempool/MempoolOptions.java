package dev.blocksmith.core.mempool;

import dev.blocksmith.core.params.NetworkParams;
import java.util.Optional;

/**
 * Mempool policy settings, with bitcoind 30's defaults and option names. node-cli maps each option
 * to one {@code with...} call.
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
 * @param bytesPerSigop {@code -bytespersigop}: the virtual bytes one sigop counts as (default 20)
 */
public record MempoolOptions(long maxMempoolBytes, long expirySeconds, FeeRate minRelayFee, FeeRate incrementalRelayFee,
                             FeeRate dustRelayFee, int maxDatacarrierBytes, boolean permitBareMultisig,
                             boolean requireStandard, int ancestorCount, long ancestorSizeVBytes, int descendantCount,
                             long descendantSizeVBytes, FeeRate blockMinFeeRate, int bytesPerSigop) {
    public static final long DEFAULT_MAX_MEMPOOL_BYTES = 300_000_000L;
    public static final long DEFAULT_EXPIRY_SECONDS = 336L * 60 * 60;
    /** bitcoind's MAX_OP_RETURN_RELAY since Core 30. */
    public static final int DEFAULT_DATACARRIER_BYTES = 100_000;
    /** bitcoind's DEFAULT_BYTES_PER_SIGOP. */
    public static final int DEFAULT_BYTES_PER_SIGOP = 20;

    public static MempoolOptions defaults() {
        return new MempoolOptions(DEFAULT_MAX_MEMPOOL_BYTES, DEFAULT_EXPIRY_SECONDS, FeeRate.ofSatsPerKvB(100),
                FeeRate.ofSatsPerKvB(100), FeeRate.ofSatsPerKvB(3000), DEFAULT_DATACARRIER_BYTES, true, true, 25, 101_000, 25,
                101_000, FeeRate.ofSatsPerKvB(1), DEFAULT_BYTES_PER_SIGOP);
    }

    /**
     * bitcoind refuses {@code -acceptnonstdtxn} on main (ApplyArgsManOptions); every other network is
     * a test chain.
     *
     * @return the startup error text (bitcoind prints it after "Error: "), empty when allowed
     */
    public static Optional<String> acceptNonStdTxnError(NetworkParams params, boolean acceptNonStd) {
        if (acceptNonStd && "main".equals(params.name())) {
            return Optional.of("acceptnonstdtxn is not currently supported for " + params.name() + " chain");
        }
        return Optional.empty();
    }

    public MempoolOptions withMaxMempoolBytes(long bytes) {
        return new MempoolOptions(bytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate, bytesPerSigop);
    }

    public MempoolOptions withExpirySeconds(long seconds) {
        return new MempoolOptions(maxMempoolBytes, seconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate, bytesPerSigop);
    }

    public MempoolOptions withMinRelayFee(FeeRate rate) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, rate, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate, bytesPerSigop);
    }

    /** {@code -incrementalrelayfee}. */
    public MempoolOptions withIncrementalRelayFee(FeeRate rate) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, rate, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate, bytesPerSigop);
    }

    /** {@code -dustrelayfee}. */
    public MempoolOptions withDustRelayFee(FeeRate rate) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, rate, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate, bytesPerSigop);
    }

    public MempoolOptions withDatacarrier(int maxBytes, boolean permitBareMultisig) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate, bytesPerSigop);
    }

    /**
     * {@code -datacarrier} and {@code -datacarriersize} as bitcoind combines them: with datacarrier off
     * no OP_RETURN output is standard, whatever the size.
     */
    public MempoolOptions withDatacarrier(boolean datacarrier, int datacarrierSize) {
        return withDatacarrier(datacarrier ? Math.max(0, datacarrierSize) : -1, permitBareMultisig);
    }

    /** {@code -permitbaremultisig}. */
    public MempoolOptions withPermitBareMultisig(boolean permit) {
        return withDatacarrier(maxDatacarrierBytes, permit);
    }

    public MempoolOptions withRequireStandard(boolean require) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, require, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate, bytesPerSigop);
    }

    public MempoolOptions withPackageLimits(int ancestors, long ancestorVBytes, int descendants, long descendantVBytes) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestors, ancestorVBytes, descendants, descendantVBytes, blockMinFeeRate,
                bytesPerSigop);
    }

    /** {@code -blockmintxfee}. */
    public MempoolOptions withBlockMinFeeRate(FeeRate rate) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                rate, bytesPerSigop);
    }

    /** {@code -bytespersigop}. */
    public MempoolOptions withBytesPerSigop(int bytes) {
        return new MempoolOptions(maxMempoolBytes, expirySeconds, minRelayFee, incrementalRelayFee, dustRelayFee, maxDatacarrierBytes,
                permitBareMultisig, requireStandard, ancestorCount, ancestorSizeVBytes, descendantCount, descendantSizeVBytes,
                blockMinFeeRate, bytes);
    }
}
