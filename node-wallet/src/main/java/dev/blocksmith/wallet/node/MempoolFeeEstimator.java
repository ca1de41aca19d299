package dev.blocksmith.wallet.node;

import dev.blocksmith.wallet.FeeEstimator;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.Optional;

/** The wallet's fee estimate from the mempool's estimator (estimatesmartfee, conservative as Core's default for sends). */
public final class MempoolFeeEstimator implements FeeEstimator {
    private final dev.blocksmith.core.mempool.FeeEstimator estimator;

    public MempoolFeeEstimator(dev.blocksmith.core.mempool.FeeEstimator estimator) {
        this.estimator = estimator;
    }

    @Override
    public Optional<FeeRate> estimate(int confTarget) {
        return estimator.estimateSmartFee(confTarget, true).map(e -> new FeeRate(e.feeRate().satsPerKvB()));
    }
}
