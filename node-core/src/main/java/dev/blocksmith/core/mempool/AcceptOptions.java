package dev.blocksmith.core.mempool;

import java.util.Optional;

/**
 * How one transaction is submitted.
 *
 * @param testOnly validate only, as {@code testmempoolaccept}: nothing is added or replaced
 * @param bypassLimits skip the fee floors and the size trim: for transactions returning from
 *     disconnected blocks, as Core's bypass_limits
 * @param maxFeeRate {@code sendrawtransaction}'s {@code maxfeerate}: refuse a base fee above this rate
 *     ("max-fee-exceeded"); empty (or zero) for no limit, as for transactions from peers
 */
public record AcceptOptions(boolean testOnly, boolean bypassLimits, Optional<FeeRate> maxFeeRate) {
    /** bitcoind's DEFAULT_MAX_RAW_TX_FEE_RATE: 0.10 BTC/kvB. */
    public static final FeeRate DEFAULT_MAX_RAW_TX_FEE_RATE = FeeRate.ofSatsPerKvB(10_000_000);

    /** A transaction relayed by a peer. */
    public static AcceptOptions relay() {
        return new AcceptOptions(false, false, Optional.empty());
    }

    /** {@code sendrawtransaction} with the given maxfeerate (zero disables the check). */
    public static AcceptOptions rpc(FeeRate maxFeeRate) {
        return new AcceptOptions(false, false, Optional.of(maxFeeRate));
    }

    /** {@code testmempoolaccept} with the given maxfeerate. */
    public static AcceptOptions testAccept(FeeRate maxFeeRate) {
        return new AcceptOptions(true, false, Optional.of(maxFeeRate));
    }

    /** A transaction of a disconnected block going back to the mempool. */
    public static AcceptOptions reorg() {
        return new AcceptOptions(false, true, Optional.empty());
    }
}
