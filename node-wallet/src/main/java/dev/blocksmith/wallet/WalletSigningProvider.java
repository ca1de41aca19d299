package dev.blocksmith.wallet;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.psbt.Bip32Origin;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.SigningProvider;
import dev.blocksmith.core.psbt.TaprootSpendData;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.TaprootTreeExpression;
import dev.blocksmith.wallet.descriptor.KeyOrigin;
import dev.blocksmith.wallet.keys.Secp;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The wallet's keys as a PSBT {@link SigningProvider} (Core's descriptor signing provider): a key is the
 * wallet's when a script the wallet watches is made from it (P2PKH, P2SH-P2WPKH and P2WPKH scripts
 * contain the key id; a BIP86 taproot output is recomputed from the x-only key; the keys of multisig
 * scripts are indexed by the wallet). Public keys, key origins (as the descriptor records them), redeem and
 * witness scripts and BIP86 spend data are always known; private keys only when {@code withPrivateKeys}
 * (signing, with the wallet unlocked) and the descriptor holds them.
 */
final class WalletSigningProvider implements SigningProvider {
    private final HdWallet hd;
    private final boolean withPrivateKeys;
    /** Private descriptors read during this signing operation (one provider signs one transaction or PSBT). */
    private final java.util.Map<dev.blocksmith.wallet.account.DescriptorId, Optional<Descriptor>> privateDescriptors = new java.util.HashMap<>();

    WalletSigningProvider(HdWallet hd, boolean withPrivateKeys) {
        this.hd = hd;
        this.withPrivateKeys = withPrivateKeys;
    }

    /** A wallet key: where it is derived and its compressed public key. */
    private record Located(WalletKeyLocation at, byte[] publicKey) {
    }

    @Override
    public Optional<Bytes> publicKey(Bytes keyId) {
        Optional<HdWallet.MultisigKey> m = hd.locateMultisigKey(keyId);
        if (m.isPresent()) return Optional.of(Bytes.of(m.get().publicKey()));
        return byKeyId(keyId).map(l -> Bytes.of(l.publicKey()));
    }

    @Override
    public Optional<Script> script(Bytes scriptId) {
        if (scriptId.length() != 20) return Optional.empty();
        Optional<WalletKeyLocation> at = hd.locate(p2sh(scriptId.toByteArray()));
        if (at.isPresent()) return descriptor(at.get()).redeemScript(at.get().index());
        Optional<WalletKeyLocation> wsh = hd.locateWitnessScript(scriptId);
        return wsh.flatMap(l -> descriptor(l).witnessScript(l.index()));
    }

    @Override
    public Optional<Bip32Origin> keyOrigin(Bytes keyId) {
        Optional<HdWallet.MultisigKey> m = hd.locateMultisigKey(keyId);
        if (m.isPresent()) return Optional.of(origin(descriptor(m.get().at()).keys().get(m.get().position()).originAt(m.get().at().index())));
        return byKeyId(keyId).map(l -> origin(l.at()));
    }

    @Override
    public Optional<PrivateKeyBytes> privateKey(Bytes keyId) {
        Optional<HdWallet.MultisigKey> m = hd.locateMultisigKey(keyId);
        if (m.isPresent()) return multisigSecret(m.get());
        return byKeyId(keyId).flatMap(l -> secret(l.at()));
    }

    @Override
    public Optional<Bip32Origin> keyOriginByXOnly(Bytes xOnly) {
        Optional<Located> t = byXOnly(xOnly);
        if (t.isPresent()) return Optional.of(origin(t.get().at()));
        Optional<HdWallet.MultisigKey> m = scriptKeyByXOnly(xOnly);
        if (m.isPresent()) return Optional.of(origin(descriptor(m.get().at()).keys().get(m.get().position()).originAt(m.get().at().index())));
        return SigningProvider.super.keyOriginByXOnly(xOnly);
    }

    @Override
    public Optional<PrivateKeyBytes> privateKeyByXOnly(Bytes xOnly) {
        Optional<Located> t = byXOnly(xOnly);
        if (t.isPresent()) return secret(t.get().at());
        Optional<HdWallet.MultisigKey> m = scriptKeyByXOnly(xOnly);
        if (m.isPresent()) return multisigSecret(m.get());
        return SigningProvider.super.privateKeyByXOnly(xOnly);
    }

    /** A key of a watched script (a tr() tree's leaves among them) by its x coordinate, of either parity. */
    private Optional<HdWallet.MultisigKey> scriptKeyByXOnly(Bytes xOnly) {
        if (xOnly.length() != 32) return Optional.empty();
        for (byte prefix : new byte[] {2, 3}) {
            byte[] full = new byte[33];
            full[0] = prefix;
            System.arraycopy(xOnly.toByteArray(), 0, full, 1, 32);
            Optional<HdWallet.MultisigKey> m = hd.locateMultisigKey(Bytes.of(Hashes.hash160(full)));
            if (m.isPresent()) return m;
        }
        return Optional.empty();
    }

    @Override
    public Optional<TaprootSpendData> taprootSpendData(Bytes outputKey) {
        Optional<WalletKeyLocation> at = hd.locate(p2tr(outputKey.toByteArray()));
        if (at.isPresent() && at.get().kind() == Descriptor.Kind.TR_TREE) {
            return Optional.of(((TaprootTreeExpression) descriptor(at.get()).expression()).spendData(at.get().index()));
        }
        if (at.isEmpty() || at.get().kind() != Descriptor.Kind.TR) return Optional.empty();
        byte[] pub = descriptor(at.get()).key().publicKey(at.get().index());
        return Optional.of(TaprootSpendData.keyPathOnly(Bytes.of(Secp.xOnly(pub))));
    }

    private Optional<Located> byKeyId(Bytes keyId) {
        byte[] h = keyId.toByteArray();
        if (h.length != 20) return Optional.empty();
        Script wpkh = new ScriptBuilder().op(Opcodes.OP_0).data(h).build();
        List<Script> candidates = List.of(wpkh, new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(h)
                .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build(), p2sh(Hashes.hash160(wpkh.rawBytes())));
        for (Script s : candidates) {
            Optional<WalletKeyLocation> at = hd.locate(s);
            if (at.isEmpty() || at.get().kind() == Descriptor.Kind.TR || at.get().kind().isScripted()) continue;
            byte[] pub = descriptor(at.get()).key().publicKey(at.get().index());
            if (Arrays.equals(Hashes.hash160(pub), h)) return Optional.of(new Located(at.get(), pub));
        }
        return Optional.empty();
    }

    /** A BIP86 key: the wallet watches the output key tweaked from this internal key. */
    private Optional<Located> byXOnly(Bytes xOnly) {
        if (xOnly.length() != 32) return Optional.empty();
        byte[] even = new byte[33];
        even[0] = 0x02;
        System.arraycopy(xOnly.toByteArray(), 0, even, 1, 32);
        if (Secp.parsePublicKey(even).isEmpty()) return Optional.empty();
        Optional<WalletKeyLocation> at = hd.locate(p2tr(Secp.taprootOutputKey(even)));
        if (at.isEmpty() || at.get().kind() != Descriptor.Kind.TR) return Optional.empty();
        byte[] pub = descriptor(at.get()).key().publicKey(at.get().index());
        return Arrays.equals(Secp.xOnly(pub), xOnly.toByteArray()) ? Optional.of(new Located(at.get(), pub)) : Optional.empty();
    }

    private Descriptor descriptor(WalletKeyLocation at) {
        return hd.descriptor(at.descriptor()).orElseThrow(() -> new IllegalStateException("located script without descriptor"))
                .descriptor().forKind(at.kind());
    }

    private Bip32Origin origin(WalletKeyLocation at) {
        return origin(descriptor(at).key().originAt(at.index()));
    }

    private static Bip32Origin origin(KeyOrigin o) {
        return new Bip32Origin(o.fingerprint(), o.path().steps());
    }

    private Optional<PrivateKeyBytes> multisigSecret(HdWallet.MultisigKey key) {
        if (!withPrivateKeys || !hd.canSign(key.at())) return Optional.empty();
        try {
            Optional<Descriptor> priv = privateDescriptors.get(key.at().descriptor());
            if (priv == null) {
                priv = hd.privateDescriptor(key.at().descriptor());
                privateDescriptors.put(key.at().descriptor(), priv);
            }
            return HdWallet.privateKey(key, priv);
        } catch (WalletLockedException e) {
            throw new IllegalStateException("signing a PSBT with a locked wallet", e);
        }
    }

    /** The private key, which the caller has made sure is reachable (the wallet is unlocked when signing). */
    private Optional<PrivateKeyBytes> secret(WalletKeyLocation at) {
        if (!withPrivateKeys || !hd.canSign(at)) return Optional.empty();
        try {
            return hd.privateKey(at);
        } catch (WalletLockedException e) {
            throw new IllegalStateException("signing a PSBT with a locked wallet", e);
        }
    }

    private static Script p2sh(byte[] hash) {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(hash).op(Opcodes.OP_EQUAL).build();
    }

    private static Script p2tr(byte[] outputKey) {
        return new ScriptBuilder().op(Opcodes.OP_1).data(outputKey).build();
    }
}
