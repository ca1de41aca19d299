package dev.blocksmith.wallet.sign;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.FlatSigningProvider;
import dev.blocksmith.core.psbt.TaprootSpendData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.keys.Secp;
import java.util.Arrays;
import java.util.List;

/**
 * A signer that holds bare private keys and the scripts it signs for (a hardware wallet's or a
 * co-signer's view, like descriptorprocesspsbt with private-key descriptors): it knows each key's public
 * key, the given redeem and witness scripts by hash160, and for taproot the BIP86 key-path output of each key.
 */
public final class KeySigningProvider extends FlatSigningProvider {
    public KeySigningProvider(List<PrivateKeyBytes> privateKeys) {
        this(privateKeys, List.of());
    }

    /** @param knownScripts redeem and witness scripts the signer recognises (e.g. its multisig script) */
    public KeySigningProvider(List<PrivateKeyBytes> privateKeys, List<Script> knownScripts) {
        knownScripts.forEach(this::addScript);
        for (PrivateKeyBytes k : privateKeys) {
            byte[] secret = k.secret();
            byte[] pub = k.compressed() ? Secp.publicKey(secret) : Secp.publicKeyUncompressed(secret);
            addPrivateKey(addPublicKey(pub), k);
            byte[] compressed = Secp.publicKey(secret);
            addTaproot(Secp.taprootOutputKey(compressed), TaprootSpendData.keyPathOnly(Bytes.of(Secp.xOnly(compressed))));
            Arrays.fill(secret, (byte) 0);
        }
    }
}
