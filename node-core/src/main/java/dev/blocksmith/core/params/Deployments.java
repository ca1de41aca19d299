package dev.blocksmith.core.params;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.Optional;

/**
 * Activation heights of the buried soft forks (BIP90: a rule applies purely because height >= the
 * constant) and Taproot. A height of 0 means active from genesis; {@link #NEVER} disables a rule.
 *
 * @param bip34Hash block hash at {@code bip34Height} on this chain, if known; used for Core's BIP30 skip
 */
public record Deployments(int bip34Height, Optional<Sha256Hash> bip34Hash, int bip65Height, int bip66Height,
                          int csvHeight, int segwitHeight, int taprootHeight) {
    public static final int NEVER = Integer.MAX_VALUE;

    /** Everything active from the start, as Core's regtest, testnet4 and signet (except BIP34 at 1). */
    public static Deployments allActive() {
        return new Deployments(1, Optional.empty(), 1, 1, 1, 0, 0);
    }

    public Deployments withSegwitHeight(int height) {
        return new Deployments(bip34Height, bip34Hash, bip65Height, bip66Height, csvHeight, height, taprootHeight);
    }
}
