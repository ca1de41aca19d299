package dev.blocksmith.wallet.sign;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptExecutionData;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.wallet.keys.Secp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs single-key inputs the wallet owns: P2PK and P2PKH (legacy sighash), P2SH-P2WPKH and P2WPKH (BIP143) and
 * P2TR key path with the BIP86 tweak (BIP341 sighash, BIP340 signature). The kind is read from the spent
 * output, and the key must produce exactly that output, so a wrong key fails here rather than on the
 * network. ECDSA signatures come from libsecp256k1 (RFC6979, low S).
 */
public final class TransactionSigner {
    private TransactionSigner() {
    }

    /**
     * Returns {@code tx} with every input in {@code keys} signed.
     *
     * @param spent the outputs spent by all inputs, in input order (BIP341 commits to all of them)
     * @param keys the key for each input index to sign; other inputs are left as they are
     * @param hashType SIGHASH_ALL for ECDSA inputs; taproot inputs use SIGHASH_DEFAULT when this is
     *     SIGHASH_ALL (the 64-byte form), otherwise the given type
     */
    public static Transaction sign(Transaction tx, List<TxOut> spent, Map<Integer, PrivateKeyBytes> keys, int hashType)
            throws SigningException {
        if (spent.size() != tx.inputs().size()) throw new SigningException("spent outputs must match the inputs");
        PrecomputedTransactionData data = new PrecomputedTransactionData(tx, spent);
        List<TxIn> inputs = new ArrayList<>(tx.inputs());
        for (var e : keys.entrySet()) {
            int i = e.getKey();
            if (i < 0 || i >= inputs.size()) throw new SigningException("no input " + i);
            inputs.set(i, signInput(tx, i, spent.get(i), e.getValue(), hashType, data));
        }
        return new Transaction(tx.version(), inputs, tx.outputs(), tx.lockTime());
    }

    private static TxIn signInput(Transaction tx, int i, TxOut prev, PrivateKeyBytes key, int hashType,
            PrecomputedTransactionData data) throws SigningException {
        Script spk = prev.scriptPubKey();
        byte[] secret = key.secret();
        try {
            TxIn in = tx.input(i);
            if (spk.isP2TR()) return in.withScriptSig(Script.EMPTY).withWitness(Witness.of(signTaproot(tx, i, secret, spk, hashType, data)));
            byte[] pub = key.compressed() ? Secp.publicKey(secret) : Secp.publicKeyUncompressed(secret);
            byte[] keyHash = Hashes.hash160(pub);
            Script p2pkhCode = new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(keyHash)
                    .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
            Script p2pk = new ScriptBuilder().data(pub).op(Opcodes.OP_CHECKSIG).build();
            if (spk.equals(p2pk)) {
                // Bare P2PK (a combo() descriptor's first script): the scriptSig is the signature alone.
                byte[] sig = ecdsa(SignatureHasher.legacy(spk, tx, i, hashType), secret, hashType);
                return in.withScriptSig(new ScriptBuilder().data(sig).build()).withWitness(Witness.EMPTY);
            }
            if (spk.isP2PKH()) {
                requireMatch(spk.equals(p2pkhCode));
                byte[] sig = ecdsa(SignatureHasher.legacy(spk, tx, i, hashType), secret, hashType);
                return in.withScriptSig(new ScriptBuilder().data(sig).data(pub).build()).withWitness(Witness.EMPTY);
            }
            if (!key.compressed()) throw new SigningException("segwit inputs need a compressed key (BIP143 policy)");
            Script witnessProgram = new ScriptBuilder().op(Opcodes.OP_0).data(keyHash).build();
            Script scriptSig;
            if (spk.isP2WPKH()) {
                requireMatch(spk.equals(witnessProgram));
                scriptSig = Script.EMPTY;
            } else if (spk.isP2SH()) {
                // Only the nested P2WPKH form is supported: the redeem script is the witness program.
                requireMatch(Arrays.equals(Arrays.copyOfRange(spk.rawBytes(), 2, 22), Hashes.hash160(witnessProgram.rawBytes())));
                scriptSig = new ScriptBuilder().data(witnessProgram.rawBytes()).build();
            } else {
                throw new SigningException("unsupported output script for input " + i);
            }
            // BIP143: the scriptCode of P2WPKH is the corresponding P2PKH script.
            byte[] hash = SignatureHasher.witnessV0(p2pkhCode, tx, i, hashType, prev.value(), data);
            return in.withScriptSig(scriptSig).withWitness(Witness.of(ecdsa(hash, secret, hashType), pub));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static void requireMatch(boolean ok) throws SigningException {
        if (!ok) throw new SigningException("key does not match the spent output");
    }

    /** An RFC6979 low-S ECDSA signature over a 32-byte hash, DER encoded, with the hash type byte appended. */
    public static byte[] ecdsa(byte[] hash, byte[] secret, int hashType) {
        byte[] der = Secp.signEcdsaDer(hash, secret);
        byte[] sig = Arrays.copyOf(der, der.length + 1);
        sig[der.length] = (byte) hashType;
        return sig;
    }

    private static byte[] signTaproot(Transaction tx, int i, byte[] internalSecret, Script spk, int hashType,
            PrecomputedTransactionData data) throws SigningException {
        byte[] tweaked = Secp.taprootTweakSecret(internalSecret);
        try {
            byte[] outputKey = Secp.xOnly(Secp.publicKey(tweaked));
            requireMatch(Arrays.equals(outputKey, spk.witnessProgram()));
            int type = hashType == SignatureHasher.SIGHASH_ALL ? SignatureHasher.SIGHASH_DEFAULT : hashType;
            ScriptExecutionData exec = ScriptExecutionData.forSighash(Optional.empty(), Optional.empty(), ScriptExecutionData.NO_CODESEPARATOR);
            byte[] msg = SignatureHasher.taproot(tx, i, type, SigVersion.TAPROOT, exec, data)
                    .orElseThrow(() -> new SigningException("cannot compute the taproot signature hash for input " + i));
            byte[] sig = Secp.signSchnorr(msg, tweaked, null);
            if (type == SignatureHasher.SIGHASH_DEFAULT) return sig;
            byte[] withType = Arrays.copyOf(sig, 65);
            withType[64] = (byte) type;
            return withType;
        } finally {
            Arrays.fill(tweaked, (byte) 0);
        }
    }
}
