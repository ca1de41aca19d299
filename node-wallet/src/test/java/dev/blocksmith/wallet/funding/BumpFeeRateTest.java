package dev.blocksmith.wallet.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.coinselection.FeeRate;
import org.junit.jupiter.api.Test;

/** A fee bump's rate as bitcoind's feebumper sets it (EstimateFeeRate) or checks the caller's (CheckFeeRate). */
class BumpFeeRateTest {
    private static final FeeRate NODE_INCREMENTAL = new FeeRate(100);
    private static final FeeRate REQUIRED = new FeeRate(1_000);
    private static final long MAX_TX_FEE = 10_000_000;

    @Test
    void estimatedRateIsTheOriginalsRoundedDownPlusOnePlusTheWalletIncrement() {
        // 1000 sats over 141 vB: 7092.19 sat/kvB, rounded down, + 1, + 5000 (the wallet's increment beats the node's 100).
        assertThat(BumpFeeRate.estimated(1_000, 141, NODE_INCREMENTAL, new FeeRate(1_000))).isEqualTo(new FeeRate(12_093));
    }

    @Test
    void estimatedRateIsAtLeastTheWalletsMinimum() {
        // wallet_bumpfee's settxfee: 25 sat/vB set, the original at 7 sat/vB.
        assertThat(BumpFeeRate.estimated(1_000, 141, NODE_INCREMENTAL, new FeeRate(25_000))).isEqualTo(new FeeRate(25_000));
    }

    @Test
    void aLargerNodeIncrementWins() {
        assertThat(BumpFeeRate.estimated(0, 100, new FeeRate(8_000), REQUIRED)).isEqualTo(new FeeRate(8_001));
    }

    @Test
    void explicitRateMustCoverTheOldFeePlusTheNodesIncrementOnly() throws Exception {
        // wallet_bumpfee's walletincrementalrelayfee case: 141 vB at 2 sat/vB paid 282; 2.09 sat/vB gives 295 < 282 + 15,
        // 2.1 gives 297 >= 297 (the wallet's own 5 sat/vB increment does not apply to a rate given).
        assertThatThrownBy(() -> BumpFeeRate.checkExplicit(new FeeRate(2_090), 141, 0, 282, NODE_INCREMENTAL, REQUIRED, MAX_TX_FEE))
                .isInstanceOf(WalletException.class)
                .hasMessage("Insufficient total fee 0.00000295, must be at least 0.00000297 (oldFee 0.00000282 + incrementalFee 0.00000015)")
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.INVALID_PARAMETER);
        BumpFeeRate.checkExplicit(new FeeRate(2_100), 141, 0, 282, NODE_INCREMENTAL, REQUIRED, MAX_TX_FEE);
    }

    @Test
    void ancestorsStillOwedCountTowardsTheNewFee() throws Exception {
        BumpFeeRate.checkExplicit(new FeeRate(2_000), 141, 15, 282, NODE_INCREMENTAL, REQUIRED, MAX_TX_FEE);
    }

    @Test
    void explicitRateBelowTheRequiredFeeIsRefused() {
        assertThatThrownBy(() -> BumpFeeRate.checkExplicit(new FeeRate(500), 141, 0, 0, NODE_INCREMENTAL, REQUIRED, MAX_TX_FEE))
                .hasMessage("Insufficient total fee (cannot be less than required fee 0.00000141)");
    }

    @Test
    void explicitRateAboveMaxTxFeeIsAWalletError() {
        // wallet_bumpfee: 100 000 sat/vB over 141 vB against the default -maxtxfee.
        assertThatThrownBy(() -> BumpFeeRate.checkExplicit(new FeeRate(100_000_000), 141, 0, 1_000, NODE_INCREMENTAL, REQUIRED, MAX_TX_FEE))
                .hasMessage("Specified or calculated fee 0.141 is too high (cannot be higher than -maxtxfee 0.10)")
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.WALLET_ERROR);
    }
}
