package dev.blocksmith.wallet.coinselection;

/** A fee rate in satoshis per 1000 virtual bytes (Core's CFeeRate). */
public record FeeRate(long satsPerKvB) {
    /**
     * The lowest rate the wallet builds at by default (bitcoind's DEFAULT_TRANSACTION_MINFEE, -mintxfee): 1 000
     * sat/kvB. bitcoind 30 relays from 100 sat/kvB but kept its wallet minimum at 1 sat/vB (wallet_basic.py:
     * "lower than the minimum fee rate setting (1.000 sat/vB)").
     */
    public static final FeeRate WALLET_MINIMUM = new FeeRate(1000);

    public FeeRate {
        if (satsPerKvB < 0) throw new IllegalArgumentException("fee rate must not be negative");
    }

    public static FeeRate ofSatPerVb(long satPerVb) {
        return new FeeRate(satPerVb * 1000);
    }

    /** CFeeRate::ToString(SAT_VB): "0.050 sat/vB". */
    public String toSatPerVbString() {
        return String.format(java.util.Locale.ROOT, "%d.%03d sat/vB", satsPerKvB / 1000, satsPerKvB % 1000);
    }

    /** Fee for {@code vbytes}, rounded up as CFeeRate::GetFee does for positive rates. */
    public long fee(long vbytes) {
        return (satsPerKvB * vbytes + 999) / 1000;
    }
}
