package dev.blocksmith.core.psbt;

/** PSBT_IN_PARTIAL_SIG: a serialized public key and its signature (DER plus the hash type byte). */
public record PartialSignature(Bytes publicKey, Bytes signature) {
}
