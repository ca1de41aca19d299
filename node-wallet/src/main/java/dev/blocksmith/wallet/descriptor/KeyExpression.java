package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.params.NetworkParams;
import java.util.Optional;

/**
 * A KEY inside a descriptor (BIP380): an optional origin, then either a fixed key (hex public key or WIF)
 * or an extended key with a derivation path and an optional final wildcard.
 */
public sealed interface KeyExpression permits FixedKey, DerivedKey {
    /** How the last step of a ranged key is chosen: none, "/*" or "/*h". */
    enum Wildcard { NONE, NORMAL, HARDENED }

    Optional<KeyOrigin> origin();

    boolean isRange();

    /** Whether the expression holds a private key (WIF or xprv). */
    boolean hasPrivateKey();

    /**
     * Whether public keys can be computed from what the expression holds: always, except for an xpub
     * followed by hardened steps (Core parses those, then fails to expand them).
     */
    boolean isDerivable();

    /** The public key at {@code index} (ignored when not ranged). Needs {@link #isDerivable()}. */
    byte[] publicKey(int index);

    /** The private key at {@code index}, when the expression holds private material. */
    Optional<PrivateKeyBytes> privateKey(int index);

    /** Core's KeyOriginInfo of the key at {@code index}: origin fingerprint (else the key's own) and full path. */
    KeyOrigin originAt(int index);

    String render(NetworkParams params, KeyForm form);

    /** The public form {@link KeyForm#NORMALIZED} prints, as an expression; needs {@link #isDerivable()}. */
    KeyExpression normalized();
}
