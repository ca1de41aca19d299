package dev.blocksmith.wallet.keys;

import dev.blocksmith.core.crypto.Hashes;
import fr.acinq.secp256k1.Secp256k1;
import fr.acinq.secp256k1.Secp256k1Exception;
import java.util.Arrays;
import java.util.Optional;

/**
 * The few elliptic-curve operations the wallet needs, all delegated to libsecp256k1 through
 * secp256k1-kmp; this class only adapts formats (compressed keys, x-only keys) and failure signals.
 */
public final class Secp {
    private static final Secp256k1 LIB = Secp256k1.get();

    private Secp() {
    }

    public static boolean isValidSecret(byte[] secret) {
        return secret.length == 32 && LIB.secKeyVerify(secret);
    }

    /** 33-byte compressed public key of a secret key. */
    public static byte[] publicKey(byte[] secret) {
        return LIB.pubKeyCompress(LIB.pubkeyCreate(secret));
    }

    /** 65-byte uncompressed form, for legacy keys whose WIF lacks the compressed flag. */
    public static byte[] publicKeyUncompressed(byte[] secret) {
        return LIB.pubkeyCreate(secret);
    }

    /** Parses and validates a serialized public key; empty when it is not a point on the curve. */
    public static Optional<byte[]> parsePublicKey(byte[] serialized) {
        try {
            return Optional.of(LIB.pubKeyCompress(LIB.pubkeyParse(serialized)));
        } catch (Secp256k1Exception | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** (secret + tweak) mod n; empty when the tweak is out of range or the sum is zero (BIP32 says skip). */
    public static Optional<byte[]> tweakSecret(byte[] secret, byte[] tweak) {
        try {
            return Optional.of(LIB.privKeyTweakAdd(secret, tweak));
        } catch (Secp256k1Exception | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Compressed (P + tweak*G); empty when the tweak is out of range or the result is infinity. */
    public static Optional<byte[]> tweakPublicKey(byte[] compressed, byte[] tweak) {
        try {
            return Optional.of(LIB.pubKeyCompress(LIB.pubKeyTweakAdd(compressed, tweak)));
        } catch (Secp256k1Exception | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static byte[] negateSecret(byte[] secret) {
        return LIB.privKeyNegate(secret);
    }

    /**
     * RFC6979 ECDSA signature over a 32-byte hash, DER encoded with low S, and with a low R as bitcoind's
     * CKey::Sign grinds it: the plain deterministic nonce first, then extra entropy of a little-endian counter
     * (1, 2, ...) in 32 bytes until R's top bit is clear, which makes most signatures one byte shorter and
     * the signatures the same as bitcoind's.
     */
    public static byte[] signEcdsaDer(byte[] hash32, byte[] secret) {
        byte[] compact = LIB.sign(hash32, secret);
        for (int counter = 1; (compact[0] & 0x80) != 0; counter++) {
            byte[] extra = new byte[32];
            extra[0] = (byte) counter;
            extra[1] = (byte) (counter >>> 8);
            extra[2] = (byte) (counter >>> 16);
            extra[3] = (byte) (counter >>> 24);
            compact = EcdsaNonceSigner.signCompact(hash32, secret, extra);
        }
        return LIB.compact2der(compact);
    }

    /** k*G's x coordinate, for {@link EcdsaNonceSigner} (k a valid scalar). */
    static byte[] pointX(byte[] scalar) {
        return Arrays.copyOfRange(LIB.pubkeyCreate(scalar), 1, 33);
    }

    public static boolean verifyEcdsaDer(byte[] derSig, byte[] hash32, byte[] publicKey) {
        try {
            return LIB.verify(derSig, hash32, publicKey);
        } catch (Secp256k1Exception | IllegalArgumentException e) {
            return false;
        }
    }

    /** BIP340 signature; {@code auxRand} may be null for the deterministic variant. */
    public static byte[] signSchnorr(byte[] msg32, byte[] secret, byte[] auxRand) {
        return LIB.signSchnorr(msg32, secret, auxRand);
    }

    public static boolean verifySchnorr(byte[] sig64, byte[] msg32, byte[] xOnly) {
        try {
            return LIB.verifySchnorr(sig64, msg32, xOnly);
        } catch (Secp256k1Exception | IllegalArgumentException e) {
            return false;
        }
    }

    /** The 32-byte x coordinate of a compressed key (BIP340 x-only form). */
    public static byte[] xOnly(byte[] compressed) {
        return Arrays.copyOfRange(compressed, 1, 33);
    }

    /**
     * BIP341/BIP86 output key for a key-path-only taproot output: Q = P + int(hashTapTweak(x(P)))G,
     * where P is the internal key lifted to even Y. Returns the x-only Q.
     */
    public static byte[] taprootOutputKey(byte[] internalCompressed) {
        byte[] x = xOnly(internalCompressed);
        byte[] evenP = new byte[33];
        evenP[0] = 2;
        System.arraycopy(x, 0, evenP, 1, 32);
        byte[] t = Hashes.taggedHash("TapTweak", x);
        byte[] q = tweakPublicKey(evenP, t).orElseThrow(() -> new IllegalStateException("taproot tweak out of range"));
        return xOnly(q);
    }

    /**
     * BIP341 output key of a taproot output with a script tree: Q = P + int(hashTapTweak(x(P) || merkleRoot))G.
     * Returns Q compressed (its first byte gives the parity a control block records).
     */
    public static byte[] taprootOutputKey(byte[] internalCompressed, byte[] merkleRoot) {
        byte[] x = xOnly(internalCompressed);
        byte[] evenP = new byte[33];
        evenP[0] = 2;
        System.arraycopy(x, 0, evenP, 1, 32);
        byte[] t = Hashes.taggedHash("TapTweak", x, merkleRoot);
        return tweakPublicKey(evenP, t).orElseThrow(() -> new IllegalStateException("taproot tweak out of range"));
    }

    /** The secret for {@link #taprootOutputKey}: negate d when P has odd Y (BIP340), then add the tweak. */
    public static byte[] taprootTweakSecret(byte[] secret) {
        return taprootTweakSecret(secret, new byte[0]);
    }

    /**
     * BIP341 key-path secret for an output with a script tree: as {@link #taprootTweakSecret(byte[])} with
     * the tweak hashTapTweak(x(P) || merkleRoot); an empty root gives the key-path-only tweak.
     */
    public static byte[] taprootTweakSecret(byte[] secret, byte[] merkleRoot) {
        byte[] p = publicKey(secret);
        byte[] d = p[0] == 3 ? negateSecret(secret) : secret;
        byte[] t = Hashes.taggedHash("TapTweak", xOnly(p), merkleRoot);
        return tweakSecret(d, t).orElseThrow(() -> new IllegalStateException("taproot tweak out of range"));
    }
}
