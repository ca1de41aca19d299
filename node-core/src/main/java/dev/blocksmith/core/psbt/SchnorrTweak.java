package dev.blocksmith.core.psbt;

import java.util.Optional;

/**
 * Which secret a BIP340 signature is made with (Core's merkle_root argument of CKey::SignSchnorr): the
 * key itself (tapscript signatures, or a key that is already the output key), or the internal key
 * tweaked for the key path of an output with the given script tree root (none for BIP86).
 */
public sealed interface SchnorrTweak {
    /** Sign with the untweaked key. */
    record Untweaked() implements SchnorrTweak {
    }

    /** BIP341 key path: tweak by hashTapTweak(P || merkle root), or hashTapTweak(P) without a tree. */
    record KeyPath(Optional<Bytes> merkleRoot) implements SchnorrTweak {
    }
}
