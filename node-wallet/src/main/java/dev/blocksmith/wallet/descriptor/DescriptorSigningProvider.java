package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.psbt.Bip32Origin;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.FlatSigningProvider;
import dev.blocksmith.core.psbt.TaprootSpendData;
import dev.blocksmith.wallet.keys.Secp;
import java.util.List;

/**
 * What a list of descriptors reveals, expanded over index ranges (Core's FlatSigningProvider filled by
 * EvalDescriptorStringOrObject): each key's public key and origin, redeem and witness scripts (sh(wpkh()),
 * sh/wsh multisig) and tr() key-path spend data. Private keys are never exposed: the PSBT updaters that use
 * this do not sign.
 */
public final class DescriptorSigningProvider extends FlatSigningProvider {
    /** A descriptor and the inclusive index range to expand when it is ranged. */
    public record Expansion(Descriptor descriptor, int begin, int end) {
    }

    public DescriptorSigningProvider(List<Expansion> expansions) {
        for (Expansion e : expansions) {
            Descriptor d = e.descriptor();
            int from = d.isRange() ? e.begin() : 0;
            int to = d.isRange() ? e.end() : 0;
            for (int i = from; i <= to; i++) {
                for (Descriptor single : d.expansions()) add(single, i);
            }
        }
    }

    private void add(Descriptor d, int index) {
        for (KeyExpression k : d.keys()) {
            KeyOrigin o = k.originAt(index);
            Bytes id = addPublicKey(k.publicKey(index));
            addOrigin(id, new Bip32Origin(o.fingerprint(), o.path().steps()));
            // descriptorprocesspsbt signs with the private keys its descriptors hold.
            k.privateKey(index).ifPresent(secret -> addPrivateKey(id, secret));
        }
        d.redeemScript(index).ifPresent(this::addScript);
        d.witnessScript(index).ifPresent(this::addScript);
        if (d.expression() instanceof TaprootTreeExpression t) addTaproot(t.outputKey(index), t.spendData(index));
        if (d.kind() == Descriptor.Kind.TR) {
            byte[] pub = d.key().publicKey(index);
            addTaproot(Secp.taprootOutputKey(pub), TaprootSpendData.keyPathOnly(Bytes.of(Secp.xOnly(pub))));
        }
    }
}
