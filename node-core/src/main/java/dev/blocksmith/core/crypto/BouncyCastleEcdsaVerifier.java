package dev.blocksmith.core.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The same consensus ECDSA check as {@link Secp256k1Verifier}, done by BouncyCastle's pure-Java ECDSA.
 * Kept as a reference implementation and for the benchmark comparison. BouncyCastle accepts any S in
 * [1, n-1], which matches verifying after S normalization.
 */
public final class BouncyCastleEcdsaVerifier implements EcdsaVerifier {
    public static final BouncyCastleEcdsaVerifier INSTANCE = new BouncyCastleEcdsaVerifier();

    private static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters CURVE = new ECDomainParameters(
            CURVE_PARAMS.getCurve(), CURVE_PARAMS.getG(), CURVE_PARAMS.getN(), CURVE_PARAMS.getH());

    private BouncyCastleEcdsaVerifier() {
    }

    @Override
    public boolean verify(byte[] derSignature, byte[] hash32, byte[] pubkey) {
        if (hash32.length != 32 || !PublicKeys.hasValidLength(pubkey)) return false;
        Optional<EcdsaSignature> parsed = EcdsaSignature.parseLax(derSignature);
        if (parsed.isEmpty() || parsed.get().overflow()) return false;
        BigInteger r = parsed.get().rValue();
        BigInteger s = parsed.get().sValue();
        if (r.signum() == 0 || s.signum() == 0) return false;
        try {
            ECPoint point = CURVE.getCurve().decodePoint(pubkey);
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, new ECPublicKeyParameters(point, CURVE));
            return signer.verifySignature(hash32, r, s);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
