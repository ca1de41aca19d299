package dev.blocksmith.core.psbt;

import java.util.Arrays;
import java.util.Comparator;

/**
 * PSBT_GLOBAL_XPUB: a 78-byte BIP32 extended public key (version bytes included) and its origin.
 */
public record GlobalXpub(Bytes extendedKey, Bip32Origin origin) {
    /** BIP32 serialized size with the 4 version bytes. */
    public static final int SIZE = 78;

    /**
     * bitcoind's order: xpubs are grouped under their origin (a map from KeyOriginInfo to a set of
     * CExtPubKey), and within one origin ordered by public key, then chain code.
     */
    public static final Comparator<GlobalXpub> ORDER = Comparator.comparing(GlobalXpub::origin)
            .thenComparing(GlobalXpub::publicKey).thenComparing(GlobalXpub::chainCode);

    public GlobalXpub {
        if (extendedKey.length() != SIZE) throw new IllegalArgumentException("an extended key has 78 bytes");
    }

    /** The 33-byte compressed key (bytes 45..78). */
    public Bytes publicKey() {
        byte[] b = extendedKey.toByteArray();
        return Bytes.of(Arrays.copyOfRange(b, 45, 78));
    }

    /** The 32-byte chain code (bytes 13..45). */
    public Bytes chainCode() {
        byte[] b = extendedKey.toByteArray();
        return Bytes.of(Arrays.copyOfRange(b, 13, 45));
    }

    /** CExtPubKey equality, which bitcoind uses to reject a repeated xpub: same key and chain code. */
    boolean sameKey(GlobalXpub o) {
        return publicKey().equals(o.publicKey()) && chainCode().equals(o.chainCode());
    }
}
