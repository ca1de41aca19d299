package dev.blocksmith.wallet.keystore;

/**
 * scrypt cost parameters (RFC 7914). Memory use is about 128 * N * r bytes, so the default
 * (N = 2^17, r = 8, p = 1) needs 128 MiB per attempt, which is what makes offline guessing costly.
 */
public record ScryptParams(int n, int r, int p) {
    public static final ScryptParams DEFAULT = new ScryptParams(1 << 17, 8, 1);

    public ScryptParams {
        if (n < 2 || (n & (n - 1)) != 0) throw new IllegalArgumentException("scrypt N must be a power of two > 1");
        if (r < 1 || p < 1) throw new IllegalArgumentException("scrypt r and p must be positive");
    }
}
