package dev.blocksmith.core.psbt;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.script.Script;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A signing provider that holds what it knows in maps (Core's FlatSigningProvider): the base of every
 * provider that is filled once and then only looked up. Subclasses add entries while they are built.
 */
public class FlatSigningProvider implements SigningProvider {
    private final Map<Bytes, Bytes> publicKeys = new HashMap<>();
    private final Map<Bytes, Script> scripts = new HashMap<>();
    private final Map<Bytes, Bip32Origin> origins = new HashMap<>();
    private final Map<Bytes, PrivateKeyBytes> privateKeys = new HashMap<>();
    private final Map<Bytes, TaprootSpendData> taproot = new HashMap<>();

    /** Records a public key under its key id (hash160); returns the id. */
    protected final Bytes addPublicKey(byte[] publicKey) {
        Bytes id = Bytes.of(Hashes.hash160(publicKey));
        publicKeys.put(id, Bytes.of(publicKey));
        return id;
    }

    /** Records a redeem or witness script under its hash160. */
    protected final void addScript(Script script) {
        scripts.put(Bytes.of(Hashes.hash160(script.rawBytes())), script);
    }

    protected final void addOrigin(Bytes keyId, Bip32Origin origin) {
        origins.put(keyId, origin);
    }

    protected final void addPrivateKey(Bytes keyId, PrivateKeyBytes key) {
        privateKeys.put(keyId, key);
    }

    /** Records the spend data of the taproot output with this 32-byte output key. */
    protected final void addTaproot(byte[] outputKey, TaprootSpendData data) {
        taproot.put(Bytes.of(outputKey), data);
    }

    @Override
    public final Optional<Bytes> publicKey(Bytes keyId) {
        return Optional.ofNullable(publicKeys.get(keyId));
    }

    @Override
    public final Optional<Script> script(Bytes scriptId) {
        return Optional.ofNullable(scripts.get(scriptId));
    }

    @Override
    public final Optional<Bip32Origin> keyOrigin(Bytes keyId) {
        return Optional.ofNullable(origins.get(keyId));
    }

    @Override
    public final Optional<PrivateKeyBytes> privateKey(Bytes keyId) {
        return Optional.ofNullable(privateKeys.get(keyId));
    }

    @Override
    public final Optional<TaprootSpendData> taprootSpendData(Bytes outputKey) {
        return Optional.ofNullable(taproot.get(outputKey));
    }
}
