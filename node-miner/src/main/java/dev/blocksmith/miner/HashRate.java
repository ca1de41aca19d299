package dev.blocksmith.miner;

import java.util.Locale;

/**
 * A hash-rate sample.
 *
 * @param hashesPerSecond hashes completed over the last sampling interval divided by its length
 * @param totalHashes hashes completed since the miner started
 * @param threads mining threads
 */
public record HashRate(double hashesPerSecond, long totalHashes, int threads) {
    public static HashRate idle(int threads) {
        return new HashRate(0, 0, threads);
    }

    /** Human-readable rate such as "11.20 MH/s". */
    public String formatted() {
        double r = hashesPerSecond;
        if (r >= 1e9) return String.format(Locale.ROOT, "%.2f GH/s", r / 1e9);
        if (r >= 1e6) return String.format(Locale.ROOT, "%.2f MH/s", r / 1e6);
        if (r >= 1e3) return String.format(Locale.ROOT, "%.2f kH/s", r / 1e3);
        return String.format(Locale.ROOT, "%.0f H/s", r);
    }
}
