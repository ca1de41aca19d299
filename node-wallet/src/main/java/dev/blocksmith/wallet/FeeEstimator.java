package dev.blocksmith.wallet;

import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.Optional;

/** The node's smart fee estimate (estimatesmartfee) for a confirmation target in blocks, when it has one. */
@FunctionalInterface
public interface FeeEstimator {
    FeeEstimator NONE = target -> Optional.empty();

    Optional<FeeRate> estimate(int confTarget);
}
