package dev.blocksmith.wallet.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ECDSA signing with libsecp256k1's default nonce function given extra entropy ({@code ndata}), which the
 * library binding does not expose: RFC6979 HMAC-SHA256 seeded with key || message mod n || extra data, the
 * (count+1)-th output for the count-th attempt. Used only for bitcoind's low-R grinding; the plain
 * deterministic signature comes from the library itself.
 */
final class EcdsaNonceSigner {
    private static final BigInteger N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    private static final BigInteger HALF_N = N.shiftRight(1);

    private EcdsaNonceSigner() {
    }

    /** The 64-byte compact (r || s, low s) signature with the nonce derived from {@code extra} (null for none). */
    static byte[] signCompact(byte[] hash32, byte[] secret, byte[] extra) {
        BigInteger d = new BigInteger(1, secret);
        BigInteger m = new BigInteger(1, hash32).mod(N);
        byte[] seed = concat(secret, to32(m), extra == null ? new byte[0] : extra);
        Rfc6979 rng = new Rfc6979(seed);
        while (true) {
            byte[] nonce = rng.next();
            BigInteger k = new BigInteger(1, nonce);
            if (k.signum() == 0 || k.compareTo(N) >= 0) continue;
            BigInteger r = new BigInteger(1, Secp.pointX(nonce)).mod(N);
            if (r.signum() == 0) continue;
            BigInteger s = k.modInverse(N).multiply(m.add(r.multiply(d))).mod(N);
            if (s.signum() == 0) continue;
            if (s.compareTo(HALF_N) > 0) s = N.subtract(s);
            return concat(to32(r), to32(s), new byte[0]);
        }
    }

    private static byte[] to32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, out, 32 - len, len);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    /** libsecp256k1's rfc6979_hmac_sha256 generator. */
    private static final class Rfc6979 {
        private byte[] k = new byte[32];
        private byte[] v = new byte[32];
        private boolean retry;

        Rfc6979(byte[] seed) {
            Arrays.fill(v, (byte) 1);
            k = hmac(k, v, new byte[] {0}, seed);
            v = hmac(k, v);
            k = hmac(k, v, new byte[] {1}, seed);
            v = hmac(k, v);
        }

        byte[] next() {
            if (retry) {
                k = hmac(k, v, new byte[] {0});
                v = hmac(k, v);
            }
            v = hmac(k, v);
            retry = true;
            return v.clone();
        }

        private static byte[] hmac(byte[] key, byte[]... parts) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                for (byte[] p : parts) mac.update(p);
                return mac.doFinal();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        }
    }
}
