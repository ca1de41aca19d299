package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.psbt.Bip32Origin;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.SigningProvider;
import dev.blocksmith.core.psbt.TaprootSpendData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.keys.Secp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a list of descriptors reveals, expanded over index ranges (Core's FlatSigningProvider filled by
 * EvalDescriptorStringOrObject): each key's public key and origin, sh(wpkh()) redeem scripts and tr()
 * key-path spend data. Private keys are never exposed: the PSBT updaters that use this do not sign.
 */
public final class DescriptorSigningProvider implements SigningProvider {
    private final Map<Bytes, Bytes> publicKeys = new HashMap<>();
    private final Map<Bytes, Bip32Origin> origins = new HashMap<>();
    private final Map<Bytes, Script> scripts = new HashMap<>();
    private final Map<Bytes, TaprootSpendData> taproot = new HashMap<>();

    /** A descriptor and the inclusive index range to expand when it is ranged. */
    public record Expansion(Descriptor descriptor, int begin, int end) {
    }

    public DescriptorSigningProvider(List<Expansion> expansions) {
        for (Expansion e : expansions) {
            Descriptor d = e.descriptor();
            int from = d.isRange() ? e.begin() : 0;
            int to = d.isRange() ? e.end() : 0;
            for (int i = from; i <= to; i++) add(d, i);
        }
    }

    private void add(Descriptor d, int index) {
        KeyExpression k = d.key();
        byte[] pub = k.publicKey(index);
        Bytes id = Bytes.of(Hashes.hash160(pub));
        publicKeys.put(id, Bytes.of(pub));
        KeyOrigin o = k.originAt(index);
        origins.put(id, new Bip32Origin(o.fingerprint(), o.path().steps()));
        d.redeemScript(index).ifPresent(s -> scripts.put(Bytes.of(Hashes.hash160(s.rawBytes())), s));
        if (d.kind() == Descriptor.Kind.TR) {
            taproot.put(Bytes.of(Secp.taprootOutputKey(pub)), TaprootSpendData.keyPathOnly(Bytes.of(Secp.xOnly(pub))));
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
    public Optional<Bip32Origin> keyOrigin(Bytes keyId) {
        return Optional.ofNullable(origins.get(keyId));
    }

    @Override
    public Optional<TaprootSpendData> taprootSpendData(Bytes outputKey) {
        return Optional.ofNullable(taproot.get(outputKey));
    }
}
