package dev.blocksmith.wallet.sign;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.SigningProvider;
import dev.blocksmith.core.psbt.TaprootSpendData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.keys.Secp;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A signer that holds bare private keys and the scripts it signs for (a hardware wallet's or a
 * co-signer's view, like descriptorprocesspsbt with private-key descriptors): it knows each key's public
 * key, the given redeem and witness scripts by hash160, and for taproot the BIP86 key-path output of each key.
 */
public final class KeySigningProvider implements SigningProvider {
    private final Map<Bytes, PrivateKeyBytes> keys = new HashMap<>();
    private final Map<Bytes, Bytes> publicKeys = new HashMap<>();
    private final Map<Bytes, TaprootSpendData> taproot = new HashMap<>();
    private final Map<Bytes, Script> scripts = new HashMap<>();

    public KeySigningProvider(List<PrivateKeyBytes> privateKeys) {
        this(privateKeys, List.of());
    }

    /** @param knownScripts redeem and witness scripts the signer recognises (e.g. its multisig script) */
    public KeySigningProvider(List<PrivateKeyBytes> privateKeys, List<Script> knownScripts) {
        for (Script s : knownScripts) scripts.put(Bytes.of(Hashes.hash160(s.rawBytes())), s);
        for (PrivateKeyBytes k : privateKeys) {
            byte[] secret = k.secret();
            byte[] pub = k.compressed() ? Secp.publicKey(secret) : Secp.publicKeyUncompressed(secret);
            Bytes id = Bytes.of(Hashes.hash160(pub));
            keys.put(id, k);
            publicKeys.put(id, Bytes.of(pub));
            byte[] compressed = Secp.publicKey(secret);
            taproot.put(Bytes.of(Secp.taprootOutputKey(compressed)), TaprootSpendData.keyPathOnly(Bytes.of(Secp.xOnly(compressed))));
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public Optional<Bytes> publicKey(Bytes keyId) {
        return Optional.ofNullable(publicKeys.get(keyId));
    }

    @Override
    public Optional<Script> script(Bytes scriptId) {
        return Optional.ofNullable(scripts.get(scriptId));
    }

    @Override
    public Optional<PrivateKeyBytes> privateKey(Bytes keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public Optional<TaprootSpendData> taprootSpendData(Bytes outputKey) {
        return Optional.ofNullable(taproot.get(outputKey));
    }
}
