package dev.blocksmith.wallet.coinselection;

/** A fee rate in satoshis per 1000 virtual bytes (Core's CFeeRate). */
public record FeeRate(long satsPerKvB) {
    public FeeRate {
        if (satsPerKvB < 0) throw new IllegalArgumentException("fee rate must not be negative");
    }

    public static FeeRate ofSatPerVb(long satPerVb) {
        return new FeeRate(satPerVb * 1000);
    }

    /** Fee for {@code vbytes}, rounded up as CFeeRate::GetFee does for positive rates. */
    public long fee(long vbytes) {
        return (satsPerKvB * vbytes + 999) / 1000;
    }
}
