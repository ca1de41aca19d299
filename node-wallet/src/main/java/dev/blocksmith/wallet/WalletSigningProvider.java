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
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.Secp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The wallet's keys as a PSBT {@link SigningProvider} (Core's descriptor signing provider): a key is the
 * wallet's when a script the wallet watches is made from it (P2PKH, P2SH-P2WPKH and P2WPKH scripts
 * contain the key id; a BIP86 taproot output is recomputed from the x-only key). Public keys, BIP32
 * origins, the P2SH-P2WPKH redeem scripts and BIP86 spend data are always known; private keys only
 * when a master key is given (signing, with the wallet unlocked).
 */
final class WalletSigningProvider implements SigningProvider {
    private final HdWallet hd;
    private final Optional<ExtendedKey> master;

    WalletSigningProvider(HdWallet hd, Optional<ExtendedKey> master) {
        this.hd = hd;
        this.master = master;
    }

    /** A wallet key: where it is derived and its compressed public key. */
    private record Located(WalletKeyLocation at, byte[] publicKey) {
    }

    @Override
    public Optional<Bytes> publicKey(Bytes keyId) {
        return byKeyId(keyId).map(l -> Bytes.of(l.publicKey()));
    }

    @Override
    public Optional<Script> script(Bytes scriptId) {
        Optional<WalletKeyLocation> at = hd.locate(p2sh(scriptId.toByteArray()));
        if (at.isEmpty() || at.get().type() != AddressType.P2SH_SEGWIT) return Optional.empty();
        return descriptor(at.get()).redeemScript(at.get().index());
    }

    @Override
    public Optional<Bip32Origin> keyOrigin(Bytes keyId) {
        return byKeyId(keyId).map(l -> origin(l.at()));
    }

    @Override
    public Optional<PrivateKeyBytes> privateKey(Bytes keyId) {
        return byKeyId(keyId).flatMap(l -> secret(l.at()));
    }

    @Override
    public Optional<Bip32Origin> keyOriginByXOnly(Bytes xOnly) {
        Optional<Located> t = byXOnly(xOnly);
        return t.isPresent() ? Optional.of(origin(t.get().at())) : SigningProvider.super.keyOriginByXOnly(xOnly);
    }

    @Override
    public Optional<PrivateKeyBytes> privateKeyByXOnly(Bytes xOnly) {
        Optional<Located> t = byXOnly(xOnly);
        return t.isPresent() ? secret(t.get().at()) : SigningProvider.super.privateKeyByXOnly(xOnly);
    }

    @Override
    public Optional<TaprootSpendData> taprootSpendData(Bytes outputKey) {
        Optional<WalletKeyLocation> at = hd.locate(p2tr(outputKey.toByteArray()));
        if (at.isEmpty() || at.get().type() != AddressType.BECH32M) return Optional.empty();
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
            if (at.isEmpty() || at.get().type() == AddressType.BECH32M) continue;
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
        if (at.isEmpty() || at.get().type() != AddressType.BECH32M) return Optional.empty();
        byte[] pub = descriptor(at.get()).key().publicKey(at.get().index());
        return Arrays.equals(Secp.xOnly(pub), xOnly.toByteArray()) ? Optional.of(new Located(at.get(), pub)) : Optional.empty();
    }

    private Descriptor descriptor(WalletKeyLocation at) {
        return hd.descriptor(at.type(), at.chain());
    }

    private Bip32Origin origin(WalletKeyLocation at) {
        return new Bip32Origin(hd.masterFingerprint(), descriptor(at).key().fullPath(at.index()).steps());
    }

    private Optional<PrivateKeyBytes> secret(WalletKeyLocation at) {
        return master.map(m -> {
            ExtendedKey k = m.derive(Account.accountPath(at.type(), hd.network(), 0)).derive(at.chain().index()).derive(at.index());
            byte[] s = k.secret().orElseThrow();
            try {
                return new PrivateKeyBytes(s, true);
            } finally {
                Arrays.fill(s, (byte) 0);
            }
        });
    }

    private static Script p2sh(byte[] hash) {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(hash).op(Opcodes.OP_EQUAL).build();
    }

    private static Script p2tr(byte[] outputKey) {
        return new ScriptBuilder().op(Opcodes.OP_1).data(outputKey).build();
    }
}
