package dev.blocksmith.core.crypto;

import fr.acinq.secp256k1.Secp256k1;
import java.util.Arrays;
import java.util.Optional;

/**
 * Signature checks through libsecp256k1 (the library Bitcoin Core itself uses), via secp256k1-kmp's JNI
 * bindings. The library reports malformed inputs by throwing; consensus treats them as a failed check.
 */
public final class Secp256k1Verifier implements EcdsaVerifier {
    public static final Secp256k1Verifier INSTANCE = new Secp256k1Verifier();

    private static final Secp256k1 SECP = Secp256k1.get();

    private Secp256k1Verifier() {
    }

    public static Secp256k1 library() {
        return SECP;
    }

    /**
     * bitcoind's ECC_InitSanityCheck at start: the public key of the secret 1 must be the generator point. Calling it
     * also loads the native library (secp256k1-kmp extracts it to a temporary file first), so that cost is paid at
     * start and not by the first block or transaction with a signature.
     */
    public static boolean sanityCheck() {
        byte[] one = new byte[32];
        one[31] = 1;
        byte[] g = SECP.pubKeyCompress(SECP.pubkeyCreate(one));
        return dev.blocksmith.core.primitives.Hex.encode(g)
                .equals("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    }

    /** Core's CPubKey::Verify: lax DER parse, normalize S, then libsecp256k1 verification. */
    @Override
    public boolean verify(byte[] derSignature, byte[] hash32, byte[] pubkey) {
        if (hash32.length != 32 || !PublicKeys.hasValidLength(pubkey)) return false;
        Optional<EcdsaSignature> parsed = EcdsaSignature.parseLax(derSignature);
        if (parsed.isEmpty() || parsed.get().overflow()) return false;
        try {
            byte[] normalized = SECP.signatureNormalize(parsed.get().compact()).getFirst();
            return SECP.verify(normalized, hash32, pubkey);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** BIP340 verification; {@code sig64} without a hash type byte, {@code xOnlyPubkey} 32 bytes. */
    public boolean verifySchnorr(byte[] sig64, byte[] hash32, byte[] xOnlyPubkey) {
        if (sig64.length != 64 || hash32.length != 32 || xOnlyPubkey.length != 32) return false;
        try {
            return SECP.verifySchnorr(sig64, hash32, xOnlyPubkey);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The BIP341 tweak: Q = P + int(t)G with t = hashTapTweak(P || merkleRoot), P lifted to even Y.
     * Returns the 33-byte compressed Q (its header gives the parity), or empty if P is not a valid
     * x-only key, t is not below the order, or Q is infinity.
     */
    public Optional<byte[]> tweakXOnly(byte[] internalXOnly, byte[] merkleRootOrEmpty) {
        if (internalXOnly.length != 32) return Optional.empty();
        byte[] tweak = Hashes.taggedHash("TapTweak", internalXOnly, merkleRootOrEmpty);
        byte[] lifted = new byte[33];
        lifted[0] = 0x02;
        System.arraycopy(internalXOnly, 0, lifted, 1, 32);
        try {
            byte[] q = SECP.pubKeyTweakAdd(lifted, tweak);
            return Optional.of(SECP.pubKeyCompress(q));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Core's XOnlyPubKey::CheckTapTweak: Q's x equals {@code outputXOnly} and its parity matches. */
    public boolean checkTapTweak(byte[] internalXOnly, byte[] merkleRootOrEmpty, byte[] outputXOnly, boolean oddY) {
        Optional<byte[]> q = tweakXOnly(internalXOnly, merkleRootOrEmpty);
        if (q.isEmpty()) return false;
        byte[] c = q.get();
        return ((c[0] & 1) == 1) == oddY && Arrays.equals(c, 1, 33, outputXOnly, 0, 32);
    }
}
