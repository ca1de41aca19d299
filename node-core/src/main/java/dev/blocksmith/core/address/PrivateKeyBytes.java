package dev.blocksmith.core.address;

import dev.blocksmith.core.primitives.Hex;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secp256k1 secret key as 32 big-endian bytes in 1..n-1, plus whether its public key is used in
 * compressed form (which changes the P2PKH address and the WIF suffix). Only range checks live here;
 * key arithmetic is done with secp256k1-kmp in node-wallet. toString never shows the secret.
 */
public final class PrivateKeyBytes {
    /** Order n of the secp256k1 group (SEC 2). */
    public static final BigInteger CURVE_ORDER = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private final byte[] secret;
    private final boolean compressed;

    public PrivateKeyBytes(byte[] secret, boolean compressed) {
        if (!isValidSecret(secret)) throw new IllegalArgumentException("secret key must be 32 bytes in 1..n-1");
        this.secret = secret.clone();
        this.compressed = compressed;
    }

    /** True for 32 bytes whose big-endian value is in 1..n-1, the range secp256k1_ec_seckey_verify accepts. */
    public static boolean isValidSecret(byte[] secret) {
        if (secret.length != 32) return false;
        BigInteger k = new BigInteger(1, secret);
        return k.signum() > 0 && k.compareTo(CURVE_ORDER) < 0;
    }

    public byte[] secret() {
        return secret.clone();
    }

    public boolean compressed() {
        return compressed;
    }

    public String toHex() {
        return Hex.encode(secret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateKeyBytes p && p.compressed == compressed && MessageDigest.isEqual(p.secret, secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(secret) * 2 + (compressed ? 1 : 0);
    }

    @Override
    public String toString() {
        return "PrivateKeyBytes[redacted, compressed=" + compressed + "]";
    }
}
