package dev.blocksmith.core.params;

import java.util.Objects;

/**
 * A BIP9 version-bits deployment as bitcoind describes one (Consensus::BIP9Deployment plus the
 * network's signalling window): miners signal {@code bit} in periods of {@code period} blocks; once
 * {@code threshold} of a period signal, the deployment locks in, and becomes active at the next period
 * no lower than {@code minActivationHeight}.
 *
 * @param startTime median time past from which signalling counts, or {@link #ALWAYS_ACTIVE} / {@link #NEVER_ACTIVE}
 * @param timeout   median time past at which a deployment not locked in fails ({@link #NO_TIMEOUT}: never)
 */
public record Bip9Deployment(String name, int bit, long startTime, long timeout, int minActivationHeight,
                             int period, int threshold) {
    /** bitcoind's special start time: active from genesis, whatever blocks signal. */
    public static final long ALWAYS_ACTIVE = -1;
    /** bitcoind's special start time: never active; such a deployment is not reported. */
    public static final long NEVER_ACTIVE = -2;
    public static final long NO_TIMEOUT = Long.MAX_VALUE;

    public Bip9Deployment {
        Objects.requireNonNull(name);
        if (bit < 0 || bit > 28) throw new IllegalArgumentException("bit must be 0..28");
        if (period <= 0 || threshold <= 0 || threshold > period) throw new IllegalArgumentException("bad period/threshold");
    }

    /** Whether the deployment exists on this network (bitcoind's DeploymentEnabled). */
    public boolean enabled() {
        return startTime != NEVER_ACTIVE;
    }

    /** The version bit mask this deployment signals with. */
    public int mask() {
        return 1 << bit;
    }
}
