package dev.blocksmith.core.mempool;

/**
 * A fee rate in satoshis per 1000 virtual bytes, Core's CFeeRate. Construction from a fee and a size
 * truncates (as CFeeRate(fee, size) does) and {@link #feeFor} rounds up, so a transaction that pays
 * {@code feeFor(vsize)} always meets the rate.
 */
public record FeeRate(long satsPerKvB) implements Comparable<FeeRate> {
    public static final FeeRate ZERO = new FeeRate(0);

    public static FeeRate ofSatsPerKvB(long satsPerKvB) {
        return new FeeRate(satsPerKvB);
    }

    /** The rate of {@code fee} satoshis over {@code vsize} virtual bytes. */
    public static FeeRate of(long fee, long vsize) {
        return vsize > 0 ? new FeeRate(fee * 1000 / vsize) : ZERO;
    }

    /** Core's CFeeRate::GetFee: rounded up, and never zero for a non-zero rate and size. */
    public long feeFor(long vsize) {
        long fee = Math.ceilDiv(satsPerKvB * vsize, 1000);
        if (fee == 0 && vsize != 0) {
            if (satsPerKvB > 0) fee = 1;
            if (satsPerKvB < 0) fee = -1;
        }
        return fee;
    }

    public double satsPerVByte() {
        return satsPerKvB / 1000.0;
    }

    public FeeRate plus(FeeRate o) {
        return new FeeRate(satsPerKvB + o.satsPerKvB);
    }

    public static FeeRate max(FeeRate a, FeeRate b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(FeeRate o) {
        return Long.compare(satsPerKvB, o.satsPerKvB);
    }

    /** Core's CFeeRate::ToString, e.g. {@code 0.00001000 BTC/kvB}. */
    @Override
    public String toString() {
        long abs = Math.abs(satsPerKvB);
        return (satsPerKvB < 0 ? "-" : "") + abs / 100_000_000L + "." + String.format("%08d", abs % 100_000_000L) + " BTC/kvB";
    }
}
