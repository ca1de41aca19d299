package dev.blocksmith.wallet.descriptor;

/** The three ways Core prints a descriptor's keys. */
public enum KeyForm {
    /** ToString: public keys, the derivation path as written (getdescriptorinfo "descriptor"). */
    PUBLIC,
    /** ToPrivateString: private keys where known (listdescriptors private=true). */
    PRIVATE,
    /**
     * ToNormalizedString: the extended public key at the last hardened step, with the steps up to it moved
     * into the key origin, hardened steps always as "h" (listdescriptors, and what the wallet stores).
     */
    NORMALIZED
}
