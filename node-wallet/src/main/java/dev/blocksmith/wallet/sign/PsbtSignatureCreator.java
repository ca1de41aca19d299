package dev.blocksmith.wallet.sign;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.SchnorrTweak;
import dev.blocksmith.core.psbt.SignatureCreator;
import dev.blocksmith.core.psbt.SigningProvider;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptExecutionData;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureChecker;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.script.TransactionSignatureChecker;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.wallet.keys.Secp;
import java.util.Arrays;
import java.util.Optional;

/**
 * Signs PSBT inputs with the provider's private keys (Core's MutableTransactionSignatureCreator): the
 * project's SignatureHasher (legacy, BIP143, BIP341/342) and libsecp256k1 through {@link Secp}.
 * SIGHASH_DEFAULT means ALL for ECDSA and the 64-byte form for Schnorr signatures.
 */
public final class PsbtSignatureCreator implements SignatureCreator {
    private final Transaction tx;
    private final int index;
    private final long amount;
    private final PrecomputedTransactionData data;
    private final int sighashType;
    private final SignatureChecker checker;

    private PsbtSignatureCreator(Transaction tx, int index, long amount, PrecomputedTransactionData data, int sighashType) {
        this.tx = tx;
        this.index = index;
        this.amount = amount;
        this.data = data;
        this.sighashType = sighashType;
        this.checker = new TransactionSignatureChecker(tx, index, amount, data);
    }

    /** Creators that sign with {@code sighashType} (SIGHASH_DEFAULT for the wallet's default). */
    public static SignatureCreator.Factory factory(int sighashType) {
        return (tx, index, amount, data) -> new PsbtSignatureCreator(tx, index, amount, data, sighashType);
    }

    @Override
    public Optional<Bytes> ecdsa(SigningProvider provider, Bytes keyId, Script scriptCode, SigVersion sigVersion) {
        Optional<PrivateKeyBytes> key = provider.privateKey(keyId);
        if (key.isEmpty()) return Optional.empty();
        // BIP143 policy: segwit v0 takes compressed keys only, and its signature commits to the amount.
        if (sigVersion == SigVersion.WITNESS_V0 && (!key.get().compressed() || !Amount.inMoneyRange(amount))) return Optional.empty();
        int hashType = sighashType == SignatureHasher.SIGHASH_DEFAULT ? SignatureHasher.SIGHASH_ALL : sighashType;
        byte[] hash = SignatureHasher.hash(scriptCode, tx, index, hashType, amount, sigVersion, data);
        byte[] secret = key.get().secret();
        try {
            return Optional.of(Bytes.of(TransactionSigner.ecdsa(hash, secret, hashType)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public Optional<Bytes> schnorr(SigningProvider provider, Bytes xOnlyKey, Optional<Bytes> leafHash, SchnorrTweak tweak, SigVersion sigVersion) {
        Optional<PrivateKeyBytes> key = provider.privateKeyByXOnly(xOnlyKey);
        // BIP341 hashes commit to every spent output; without all of them nothing can be signed.
        if (key.isEmpty() || !data.bip341Ready()) return Optional.empty();
        if (sigVersion == SigVersion.TAPSCRIPT && leafHash.isEmpty()) return Optional.empty();
        ScriptExecutionData exec = ScriptExecutionData.forSighash(Optional.empty(), leafHash.map(Bytes::toByteArray),
                ScriptExecutionData.NO_CODESEPARATOR);
        Optional<byte[]> msg = SignatureHasher.taproot(tx, index, sighashType, sigVersion, exec, data);
        if (msg.isEmpty()) return Optional.empty();
        byte[] secret = key.get().secret();
        byte[] signing = switch (tweak) {
            case SchnorrTweak.Untweaked u -> secret;
            case SchnorrTweak.KeyPath k -> Secp.taprootTweakSecret(secret, k.merkleRoot().map(Bytes::toByteArray).orElse(new byte[0]));
        };
        try {
            byte[] sig = Secp.signSchnorr(msg.get(), signing, null);
            if (sighashType == SignatureHasher.SIGHASH_DEFAULT) return Optional.of(Bytes.of(sig));
            byte[] typed = Arrays.copyOf(sig, 65);
            typed[64] = (byte) sighashType;
            return Optional.of(Bytes.of(typed));
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(signing, (byte) 0);
        }
    }

    @Override
    public SignatureChecker checker() {
        return checker;
    }
}
