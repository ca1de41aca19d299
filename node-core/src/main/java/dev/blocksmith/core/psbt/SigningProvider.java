package dev.blocksmith.core.psbt;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.script.Script;
import java.util.Optional;

/**
 * What a signer or updater knows besides the PSBT (Core's SigningProvider): public keys and scripts by
 * hash, key origins, private keys, taproot spend data. Everything defaults to "unknown", which is what
 * a finalizer knows. Keys are identified by key id, the hash160 of the serialized public key; scripts
 * by the hash160 of the script (for P2WSH Core looks the script up by RIPEMD160 of its SHA256, the same value).
 */
public interface SigningProvider {
    /** Knows nothing: the finalizer's view. */
    SigningProvider NONE = new SigningProvider() {
    };

    default Optional<Bytes> publicKey(Bytes keyId) {
        return Optional.empty();
    }

    default Optional<Script> script(Bytes scriptId) {
        return Optional.empty();
    }

    default Optional<Bip32Origin> keyOrigin(Bytes keyId) {
        return Optional.empty();
    }

    default Optional<PrivateKeyBytes> privateKey(Bytes keyId) {
        return Optional.empty();
    }

    /** Spend data for the taproot output with this 32-byte output key. */
    default Optional<TaprootSpendData> taprootSpendData(Bytes outputKey) {
        return Optional.empty();
    }

    /** Core's GetKeyOriginByXOnly: the origin of either full key with this x coordinate. */
    default Optional<Bip32Origin> keyOriginByXOnly(Bytes xOnly) {
        for (Bytes id : xOnlyKeyIds(xOnly)) {
            Optional<Bip32Origin> o = keyOrigin(id);
            if (o.isPresent()) return o;
        }
        return Optional.empty();
    }

    /** Core's GetKeyByXOnly: the private key of either full key with this x coordinate. */
    default Optional<PrivateKeyBytes> privateKeyByXOnly(Bytes xOnly) {
        for (Bytes id : xOnlyKeyIds(xOnly)) {
            Optional<PrivateKeyBytes> k = privateKey(id);
            if (k.isPresent()) return k;
        }
        return Optional.empty();
    }

    /** The key ids of 02||x and 03||x (Core's XOnlyPubKey::GetKeyIDs). */
    static Bytes[] xOnlyKeyIds(Bytes xOnly) {
        Bytes[] ids = new Bytes[2];
        for (int parity = 0; parity < 2; parity++) {
            byte[] full = new byte[33];
            full[0] = (byte) (2 + parity);
            System.arraycopy(xOnly.toByteArray(), 0, full, 1, 32);
            ids[parity] = Bytes.of(Hashes.hash160(full));
        }
        return ids;
    }

    /**
     * Core's HidingSigningProvider: the same knowledge without private keys (an updater must not sign)
     * and/or without key origins (bip32derivs=false).
     */
    static SigningProvider hiding(SigningProvider p, boolean hideSecrets, boolean hideOrigins) {
        return new SigningProvider() {
            @Override
            public Optional<Bytes> publicKey(Bytes keyId) {
                return p.publicKey(keyId);
            }

            @Override
            public Optional<Script> script(Bytes scriptId) {
                return p.script(scriptId);
            }

            @Override
            public Optional<Bip32Origin> keyOrigin(Bytes keyId) {
                return hideOrigins ? Optional.empty() : p.keyOrigin(keyId);
            }

            @Override
            public Optional<PrivateKeyBytes> privateKey(Bytes keyId) {
                return hideSecrets ? Optional.empty() : p.privateKey(keyId);
            }

            @Override
            public Optional<TaprootSpendData> taprootSpendData(Bytes outputKey) {
                return p.taprootSpendData(outputKey);
            }

            @Override
            public Optional<Bip32Origin> keyOriginByXOnly(Bytes xOnly) {
                return hideOrigins ? Optional.empty() : p.keyOriginByXOnly(xOnly);
            }

            @Override
            public Optional<PrivateKeyBytes> privateKeyByXOnly(Bytes xOnly) {
                return hideSecrets ? Optional.empty() : p.privateKeyByXOnly(xOnly);
            }
        };
    }
}
