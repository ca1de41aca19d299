package dev.blocksmith.core.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * ElligatorSwift encoding of secp256k1 x coordinates (BIP324 "ElligatorSwift encoding of curve X coordinates"):
 * a public key travels as 64 bytes {@code u || t} that are indistinguishable from random. Neither libsecp256k1's
 * JNI binding in use (secp256k1-kmp) nor BouncyCastle offers it, so the field arithmetic of the BIP is written here
 * once, on {@link BigInteger}; the point multiplication of the key exchange stays in libsecp256k1
 * ({@link #xOnlyEcdh}). Every vector of BIP324's {@code ellswift_decode_test_vectors.csv} and
 * {@code xswiftec_inv_test_vectors.csv} is checked by the unit tests.
 * <p>
 * Nothing here is constant-time: the encoded value is public, and the only secret (the private key) never enters
 * this arithmetic.
 */
public final class ElligatorSwift {
    /** The field size p = 2^256 - 2^32 - 977. */
    static final BigInteger P = new BigInteger("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16);
    private static final BigInteger ORDER = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private static final BigInteger SEVEN = BigInteger.valueOf(7);
    private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2);
    private static final BigInteger LEGENDRE_EXPONENT = P.subtract(BigInteger.ONE).shiftRight(1);
    /** sqrt(-3) as the BIP's reference takes it: (-3)^((p+1)/4). */
    private static final BigInteger MINUS_3_SQRT = P.subtract(BigInteger.valueOf(3)).modPow(SQRT_EXPONENT, P);
    private static final BigInteger HALF = BigInteger.TWO.modInverse(P);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static final int ENCODED_SIZE = 64;

    private ElligatorSwift() {
    }

    /** A fresh key pair: a random private key and the ElligatorSwift encoding of its public key's x. */
    public record KeyPair(byte[] privateKey, byte[] encoded) {
        public KeyPair {
            privateKey = privateKey.clone();
            encoded = encoded.clone();
        }

        @Override
        public byte[] privateKey() { return privateKey.clone(); }

        @Override
        public byte[] encoded() { return encoded.clone(); }
    }

    /** bitcoind's EllSwiftPubKey with a new random key (CKey::MakeNewKey, then CKey::EllSwiftCreate). */
    public static KeyPair createKeyPair() {
        byte[] priv = new byte[32];
        BigInteger d;
        do {
            RANDOM.nextBytes(priv);
            d = new BigInteger(1, priv);
        } while (d.signum() == 0 || d.compareTo(ORDER) >= 0);
        byte[] pub = Secp256k1Verifier.library().pubkeyCreate(priv);
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(pub, 1, 33));
        return new KeyPair(priv, encode(x, RANDOM));
    }

    /** BIP324's XElligatorSwift: a random u and case until the inverse map has a t for them. */
    static byte[] encode(BigInteger x, SecureRandom random) {
        if (!isValidX(x)) throw new IllegalArgumentException("not the x coordinate of a curve point");
        byte[] buf = new byte[32];
        while (true) {
            random.nextBytes(buf);
            BigInteger u = new BigInteger(1, buf).mod(P);
            if (u.signum() == 0) continue;
            int c = random.nextInt(8);
            Optional<BigInteger> t = inverse(x, u, c);
            if (t.isPresent()) {
                byte[] out = new byte[64];
                System.arraycopy(toBytes32(u), 0, out, 0, 32);
                System.arraycopy(toBytes32(t.get()), 0, out, 32, 32);
                return out;
            }
        }
    }

    /** The x coordinate (32 bytes, big-endian) that a 64-byte encoding stands for; every encoding decodes. */
    public static byte[] decode(byte[] encoded) {
        if (encoded.length != ENCODED_SIZE) throw new IllegalArgumentException("ElligatorSwift encodings are 64 bytes");
        BigInteger u = new BigInteger(1, Arrays.copyOfRange(encoded, 0, 32)).mod(P);
        BigInteger t = new BigInteger(1, Arrays.copyOfRange(encoded, 32, 64)).mod(P);
        return toBytes32(xSwiftEc(u, t));
    }

    /**
     * BIP324's x-only ECDH: the x coordinate of {@code privateKey} times the point the peer's encoding decodes to
     * (either of its two y values gives the same x). The multiplication is libsecp256k1's.
     */
    public static byte[] xOnlyEcdh(byte[] theirEncoded, byte[] privateKey) {
        byte[] x = decode(theirEncoded);
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(x, 0, compressed, 1, 32);
        byte[] product = Secp256k1Verifier.library().pubKeyTweakMul(compressed, privateKey);
        return Arrays.copyOfRange(product, 1, 33);
    }

    /** BIP324's XSwiftEC(u, t), with u and t already reduced mod p. */
    static BigInteger xSwiftEc(BigInteger u, BigInteger t) {
        if (u.signum() == 0) u = BigInteger.ONE;
        if (t.signum() == 0) t = BigInteger.ONE;
        BigInteger u3plus7 = u.modPow(BigInteger.valueOf(3), P).add(SEVEN).mod(P);
        if (u3plus7.add(t.multiply(t)).mod(P).signum() == 0) t = t.shiftLeft(1).mod(P);
        BigInteger tt = t.multiply(t).mod(P);
        BigInteger bigX = u3plus7.subtract(tt).multiply(inv(t.shiftLeft(1))).mod(P);
        BigInteger bigY = bigX.add(t).multiply(inv(MINUS_3_SQRT.multiply(u))).mod(P);
        BigInteger x1 = u.add(bigY.multiply(bigY).shiftLeft(2)).mod(P);
        if (isValidX(x1)) return x1;
        BigInteger xOverY = bigX.multiply(inv(bigY)).mod(P);
        BigInteger x2 = xOverY.negate().subtract(u).multiply(HALF).mod(P);
        if (isValidX(x2)) return x2;
        BigInteger x3 = xOverY.subtract(u).multiply(HALF).mod(P);
        if (isValidX(x3)) return x3;
        throw new IllegalStateException("XSwiftEC found no valid x; the map guarantees one");
    }

    /** BIP324's XSwiftECInv(x, u, case): a t with XSwiftEC(u, t) = x for this case, if there is one. */
    static Optional<BigInteger> inverse(BigInteger x, BigInteger u, int c) {
        BigInteger v;
        BigInteger s;
        BigInteger u3plus7 = u.modPow(BigInteger.valueOf(3), P).add(SEVEN).mod(P);
        if ((c & 2) == 0) {
            if (isValidX(x.negate().subtract(u).mod(P))) return Optional.empty();
            v = x;
            BigInteger denominator = u.multiply(u).add(u.multiply(v)).add(v.multiply(v)).mod(P);
            s = u3plus7.negate().multiply(inv(denominator)).mod(P);
        } else {
            s = x.subtract(u).mod(P);
            if (s.signum() == 0) return Optional.empty();
            BigInteger q = s.negate().multiply(u3plus7.shiftLeft(2).add(BigInteger.valueOf(3).multiply(s).multiply(u).multiply(u))).mod(P);
            Optional<BigInteger> r = sqrt(q);
            if (r.isEmpty()) return Optional.empty();
            if ((c & 1) == 1 && r.get().signum() == 0) return Optional.empty();
            v = r.get().multiply(inv(s)).subtract(u).multiply(HALF).mod(P);
        }
        Optional<BigInteger> root = sqrt(s);
        if (root.isEmpty()) return Optional.empty();
        BigInteger w = root.get();
        BigInteger oneMinus = BigInteger.ONE.subtract(MINUS_3_SQRT).multiply(HALF);
        BigInteger onePlus = BigInteger.ONE.add(MINUS_3_SQRT).multiply(HALF);
        BigInteger t = switch (c & 5) {
            case 0 -> w.negate().multiply(u.multiply(oneMinus).add(v));
            case 1 -> w.multiply(u.multiply(onePlus).add(v));
            case 4 -> w.multiply(u.multiply(oneMinus).add(v));
            default -> w.negate().multiply(u.multiply(onePlus).add(v));
        };
        return Optional.of(t.mod(P));
    }

    /** Whether x^3 + 7 is a square, i.e. x is the x coordinate of a curve point. */
    static boolean isValidX(BigInteger x) {
        BigInteger y2 = x.modPow(BigInteger.valueOf(3), P).add(SEVEN).mod(P);
        return y2.signum() == 0 || y2.modPow(LEGENDRE_EXPONENT, P).equals(BigInteger.ONE);
    }

    /** The square root the BIP's reference takes (a^((p+1)/4)), or empty for a non-square. */
    private static Optional<BigInteger> sqrt(BigInteger a) {
        BigInteger r = a.modPow(SQRT_EXPONENT, P);
        return r.multiply(r).mod(P).equals(a.mod(P)) ? Optional.of(r) : Optional.empty();
    }

    private static BigInteger inv(BigInteger a) {
        return a.mod(P).modInverse(P);
    }

    static byte[] toBytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
