package dev.blocksmith.core.crypto;

/** Consensus ECDSA verification of a (lax-DER) signature over a 32-byte hash. */
public interface EcdsaVerifier {
    /**
     * @param derSignature signature without the sighash type byte, parsed laxly as Core does
     * @param hash32 the message hash
     * @param pubkey serialized public key (33 or 65 bytes)
     * @return true when valid; S is normalized first so high-S signatures verify (low S is a policy flag)
     */
    boolean verify(byte[] derSignature, byte[] hash32, byte[] pubkey);
}
