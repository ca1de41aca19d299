package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.coinselection.FeeRate;

/**
 * The fee rate of a fee bump (bitcoind's feebumper): without a rate from the caller, the original's rate raised by the
 * incremental relay fee; with one, a check that it pays enough to replace the original (BIP125 rules 3 and 4) and no
 * more than -maxtxfee.
 */
public final class BumpFeeRate {
    /**
     * bitcoind's WALLET_INCREMENTAL_RELAY_FEE (5 000 sat/kvB): the wallet's own, conservative, rise over the original's
     * rate, in case peers require more than this node's -incrementalrelayfee.
     */
    public static final FeeRate WALLET_INCREMENTAL_RELAY_FEE = new FeeRate(5_000);

    private BumpFeeRate() {
    }

    /**
     * bitcoind's EstimateFeeRate: the original's rate (its fee over its virtual size, rounded down, plus 1 sat/kvB),
     * plus the larger of the node's and the wallet's incremental relay fee, and at least {@code minimum}.
     */
    public static FeeRate estimated(long oldFee, int oldVsize, FeeRate nodeIncremental, FeeRate minimum) {
        long rate = oldFee * 1000 / oldVsize + 1 + Math.max(nodeIncremental.satsPerKvB(), WALLET_INCREMENTAL_RELAY_FEE.satsPerKvB());
        return new FeeRate(Math.max(rate, minimum.satsPerKvB()));
    }

    /**
     * bitcoind's CheckFeeRate for a rate the caller chose: at {@code maxTxVsize} (the replacement's largest signed size
     * with the original's inputs and the new outputs) the fee, with what unconfirmed ancestors still need, must cover the
     * original's fee plus the node's incremental relay fee for that size (the wallet's own incremental fee does not
     * apply), the wallet's required fee, and stay within -maxtxfee.
     */
    public static void checkExplicit(FeeRate rate, int maxTxVsize, long ancestorBumpFee, long oldFee, FeeRate nodeIncremental,
                                     FeeRate required, long maxTxFee) throws WalletException {
        long newTotal = rate.fee(maxTxVsize) + ancestorBumpFee;
        long incrementalFee = nodeIncremental.fee(maxTxVsize);
        long minTotal = oldFee + incrementalFee;
        if (newTotal < minTotal) {
            throw new WalletException(WalletException.Kind.INVALID_PARAMETER, "Insufficient total fee " + money(newTotal) + ", must be at least "
                    + money(minTotal) + " (oldFee " + money(oldFee) + " + incrementalFee " + money(incrementalFee) + ")");
        }
        long requiredFee = required.fee(maxTxVsize);
        if (newTotal < requiredFee) {
            throw new WalletException(WalletException.Kind.INVALID_PARAMETER,
                    "Insufficient total fee (cannot be less than required fee " + money(requiredFee) + ")");
        }
        if (newTotal > maxTxFee) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Specified or calculated fee " + money(newTotal)
                    + " is too high (cannot be higher than -maxtxfee " + money(maxTxFee) + ")");
        }
    }

    private static String money(long sats) {
        return Amount.ofSats(sats).formatMoney();
    }
}
