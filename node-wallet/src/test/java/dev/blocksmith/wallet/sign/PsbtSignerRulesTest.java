package dev.blocksmith.wallet.sign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.PartialSignature;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtFinalizer;
import dev.blocksmith.core.psbt.PsbtInput;
import dev.blocksmith.core.psbt.PsbtSigner;
import dev.blocksmith.core.psbt.TapLeafScript;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.keys.Secp;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The signer and finalizer rules on spends built here: BIP174's "a witness UTXO cannot vouch for a legacy
 * amount", P2PK, taproot key path with and without an explicit hash type, taproot script paths (single
 * key and multi_a leaves, the smaller satisfiable one chosen), non-default ECDSA hash types, and a
 * finalizer that will not finalize a signature that does not verify. Every finished transaction is
 * checked by the script interpreter.
 */
class PsbtSignerRulesTest {
    private static final long AMOUNT = 1_000_000;

    private static PrivateKeyBytes key(String label) {
        return new PrivateKeyBytes(Hashes.sha256(("signer rules " + label).getBytes()), true);
    }

    private static byte[] pub(PrivateKeyBytes k) {
        return Secp.publicKey(k.secret());
    }

    private static Transaction funding(Script spk) {
        return new Transaction(2, List.of(new TxIn(new OutPoint(Sha256Hash.wrap(Hashes.sha256(spk.rawBytes())), 0), Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(AMOUNT, spk)), 0);
    }

    private static Psbt spending(Transaction prev) {
        return Psbt.create(new Transaction(2, List.of(new TxIn(new OutPoint(prev.txid(), 0), Script.EMPTY, 0xfffffffdL)),
                List.of(new TxOut(AMOUNT - 1000, new ScriptBuilder().op(Opcodes.OP_0).data(new byte[20]).build())), 0));
    }

    /** As Core's SignPSBTInput: the sighash type (when not the default) is recorded in the input, then it is signed. */
    private static Psbt sign(Psbt p, int sighash, boolean finalize, PrivateKeyBytes... keys) {
        PrecomputedTransactionData data = PsbtSigner.precompute(p);
        Psbt recorded = PsbtSigner.withSighashRecorded(p, 0, sighash);
        return PsbtSigner.signInput(recorded, 0, new KeySigningProvider(List.of(keys)), PsbtSignatureCreator.factory(sighash), data, finalize).psbt();
    }

    @Test
    void signaturesOfAnotherTypeThanTheInputsAreNotFinalized() {
        PrivateKeyBytes k = key("mismatch");
        Script wpkh = new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.hash160(pub(k))).build();
        Transaction prev = funding(wpkh);
        Psbt q = spending(prev);
        q = q.withInput(0, q.input(0).toBuilder().witnessUtxo(Optional.of(prev.output(0))).build());
        int type = SignatureHasher.SIGHASH_ALL | SignatureHasher.SIGHASH_ANYONECANPAY;
        Psbt signed = sign(q, type, false, k);
        assertThat(signed.input(0).sighashType()).contains(type);
        assertThat(PsbtFinalizer.extract(signed)).isPresent();
        // rpc_psbt: the sighash field changed afterwards no longer matches the signature (Core's SIGHASH_MISMATCH).
        Psbt changed = signed.withInput(0, signed.input(0).toBuilder().sighashType(Optional.of(SignatureHasher.SIGHASH_ALL)).build());
        assertThat(PsbtFinalizer.extract(changed)).isEmpty();
    }

    private static void assertValid(Transaction tx, TxOut spent) {
        assertThat(ScriptValidation.uncached().verifyTransaction(tx, List.of(spent), ScriptFlags.STANDARD, false)).isEmpty();
    }

    @Test
    void aWitnessUtxoCannotVouchForALegacyAmount() {
        PrivateKeyBytes k = key("legacy");
        Script p2pkh = new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(Hashes.hash160(pub(k))).op(Opcodes.OP_EQUALVERIFY)
                .op(Opcodes.OP_CHECKSIG).build();
        Transaction prev = funding(p2pkh);
        Psbt witnessOnly = spending(prev);
        witnessOnly = witnessOnly.withInput(0, witnessOnly.input(0).toBuilder().witnessUtxo(Optional.of(prev.output(0))).build());
        Psbt refused = sign(witnessOnly, SignatureHasher.SIGHASH_ALL, true, k);
        assertThat(refused.input(0).partialSignatures()).isEmpty();
        assertThat(refused.input(0).isFinalized()).isFalse();

        Psbt full = spending(prev);
        full = full.withInput(0, full.input(0).toBuilder().nonWitnessUtxo(Optional.of(prev)).build());
        Psbt signed = sign(full, SignatureHasher.SIGHASH_ALL, false, k);
        assertThat(signed.input(0).partialSignatures()).hasSize(1);
        assertValid(PsbtFinalizer.extract(signed).orElseThrow(), prev.output(0));
    }

    @Test
    void payToPubkeyAndNonDefaultEcdsaHashTypes() {
        PrivateKeyBytes k = key("p2pk");
        Script p2pk = new ScriptBuilder().data(pub(k)).op(Opcodes.OP_CHECKSIG).build();
        Transaction prev = funding(p2pk);
        Psbt p = spending(prev);
        p = p.withInput(0, p.input(0).toBuilder().nonWitnessUtxo(Optional.of(prev)).build());
        Psbt done = sign(p, SignatureHasher.SIGHASH_ALL, true, k);
        assertThat(done.input(0).finalScriptSig()).isPresent();
        assertValid(PsbtFinalizer.extract(done).orElseThrow(), prev.output(0));

        Script wpkh = new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.hash160(pub(k))).build();
        Transaction segwit = funding(wpkh);
        Psbt q = spending(segwit);
        q = q.withInput(0, q.input(0).toBuilder().witnessUtxo(Optional.of(segwit.output(0))).build());
        int type = SignatureHasher.SIGHASH_NONE | SignatureHasher.SIGHASH_ANYONECANPAY;
        Psbt signed = sign(q, type, false, k);
        PartialSignature sig = signed.input(0).partialSignatures().values().iterator().next();
        assertThat(sig.signature().byteAt(sig.signature().length() - 1)).isEqualTo(type);
        assertValid(PsbtFinalizer.extract(signed).orElseThrow(), segwit.output(0));
    }

    @Test
    void aSignatureThatDoesNotVerifyIsNotFinalized() {
        PrivateKeyBytes k = key("bad");
        Script wpkh = new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.hash160(pub(k))).build();
        Transaction prev = funding(wpkh);
        Psbt p = spending(prev);
        p = p.withInput(0, p.input(0).toBuilder().witnessUtxo(Optional.of(prev.output(0))).build());
        Psbt signed = sign(p, SignatureHasher.SIGHASH_ALL, false, k);
        Bytes keyId = signed.input(0).partialSignatures().firstKey();
        PartialSignature good = signed.input(0).partialSignatures().get(keyId);
        // A well-formed signature by the same key over another message (hash type NONE claimed as ALL).
        Psbt other = sign(p, SignatureHasher.SIGHASH_NONE, false, k);
        byte[] forged = other.input(0).partialSignatures().get(keyId).signature().toByteArray();
        forged[forged.length - 1] = (byte) SignatureHasher.SIGHASH_ALL;
        Psbt tampered = signed.withInput(0, signed.input(0).toBuilder().clearPartialSignatures()
                .addPartialSignature(keyId, new PartialSignature(good.publicKey(), Bytes.of(forged))).build());
        PsbtFinalizer.Finalized f = PsbtFinalizer.finalizeInputs(tampered);
        assertThat(f.complete()).isFalse();
        assertThat(f.psbt().input(0).isFinalized()).isFalse();
        assertThat(PsbtFinalizer.finalizeInputs(signed).complete()).isTrue();
    }

    @Test
    void taprootKeyPathWithDefaultAndExplicitHashTypes() {
        PrivateKeyBytes k = key("bip86");
        Script p2tr = new ScriptBuilder().op(Opcodes.OP_1).data(Secp.taprootOutputKey(pub(k))).build();
        Transaction prev = funding(p2tr);
        Psbt p = spending(prev);
        p = p.withInput(0, p.input(0).toBuilder().witnessUtxo(Optional.of(prev.output(0))).build());
        Psbt byDefault = sign(p, SignatureHasher.SIGHASH_DEFAULT, false, k);
        assertThat(byDefault.input(0).tapKeySig().orElseThrow().length()).isEqualTo(64);
        assertValid(PsbtFinalizer.extract(byDefault).orElseThrow(), prev.output(0));
        Psbt all = sign(p, SignatureHasher.SIGHASH_ALL, true, k);
        assertThat(all.input(0).finalScriptWitness().orElseThrow().item(0)).hasSize(65);
        assertValid(PsbtFinalizer.extract(all).orElseThrow(), prev.output(0));
        assertThat(sign(p, SignatureHasher.SIGHASH_DEFAULT, true, key("someone else")).input(0).tapKeySig()).isEmpty();
    }

    /** tr(NUMS-like key nobody holds, {pk(k1), multi_a(2, k2, k3)}) and a PSBT input that describes it. */
    private record ScriptTree(Transaction prev, Psbt psbt) {
    }

    private static ScriptTree scriptTree(PrivateKeyBytes k1, PrivateKeyBytes k2, PrivateKeyBytes k3) {
        byte[] internal = Secp.xOnly(pub(key("nobody holds this")));
        Script pk = new ScriptBuilder().data(Secp.xOnly(pub(k1))).op(Opcodes.OP_CHECKSIG).build();
        Script multi = new ScriptBuilder().data(Secp.xOnly(pub(k2))).op(Opcodes.OP_CHECKSIG).data(Secp.xOnly(pub(k3))).op(Opcodes.OP_CHECKSIGADD)
                .op(Opcodes.OP_2).op(Opcodes.OP_NUMEQUAL).build();
        byte[] leafA = ScriptInterpreter.tapleafHash(0xc0, pk.rawBytes());
        byte[] leafB = ScriptInterpreter.tapleafHash(0xc0, multi.rawBytes());
        byte[] root = ScriptInterpreter.tapBranchHash(leafA, leafB);
        byte[] q = Secp256k1Verifier.INSTANCE.tweakXOnly(internal, root).orElseThrow();
        int parity = q[0] & 1;
        Script p2tr = new ScriptBuilder().op(Opcodes.OP_1).data(java.util.Arrays.copyOfRange(q, 1, 33)).build();
        Transaction prev = funding(p2tr);
        Psbt p = spending(prev);
        PsbtInput in = p.input(0).toBuilder().witnessUtxo(Optional.of(prev.output(0)))
                .tapInternalKey(Optional.of(Bytes.of(internal))).tapMerkleRoot(Optional.of(Bytes.of(root)))
                .addTapLeafScript(new TapLeafScript(Bytes.of(pk.rawBytes()), 0xc0), List.of(controlBlock(parity, internal, leafB)))
                .addTapLeafScript(new TapLeafScript(Bytes.of(multi.rawBytes()), 0xc0), List.of(controlBlock(parity, internal, leafA)))
                .build();
        return new ScriptTree(prev, p.withInput(0, in));
    }

    private static Bytes controlBlock(int parity, byte[] internal, byte[] sibling) {
        byte[] cb = new byte[65];
        cb[0] = (byte) (0xc0 | parity);
        System.arraycopy(internal, 0, cb, 1, 32);
        System.arraycopy(sibling, 0, cb, 33, 32);
        return Bytes.of(cb);
    }

    @Test
    void taprootScriptPathsSingleKeyAndMultiA() {
        PrivateKeyBytes k1 = key("leaf 1");
        PrivateKeyBytes k2 = key("leaf 2");
        PrivateKeyBytes k3 = key("leaf 3");
        ScriptTree t = scriptTree(k1, k2, k3);
        TxOut spent = t.prev().output(0);

        Psbt multi = sign(t.psbt(), SignatureHasher.SIGHASH_DEFAULT, true, k2, k3);
        var w = multi.input(0).finalScriptWitness().orElseThrow();
        // multi_a: the first key's signature ends on top, then the script and its control block.
        assertThat(w.size()).isEqualTo(4);
        assertValid(PsbtFinalizer.extract(multi).orElseThrow(), spent);

        Psbt single = sign(t.psbt(), SignatureHasher.SIGHASH_DEFAULT, true, k1);
        assertThat(single.input(0).finalScriptWitness().orElseThrow().size()).isEqualTo(3);
        assertValid(PsbtFinalizer.extract(single).orElseThrow(), spent);

        // With every key, both leaves are satisfiable; the smaller witness (the single-key leaf) wins.
        Psbt all = sign(t.psbt(), SignatureHasher.SIGHASH_DEFAULT, true, k1, k2, k3);
        assertThat(all.input(0).finalScriptWitness().orElseThrow().size()).isEqualTo(3);

        // One of two multi_a signatures, signed separately by two parties, then combined: complete.
        Psbt only2 = sign(t.psbt(), SignatureHasher.SIGHASH_DEFAULT, false, k2);
        assertThat(PsbtFinalizer.finalizeInputs(only2).complete()).isFalse();
        Psbt only3 = sign(t.psbt(), SignatureHasher.SIGHASH_DEFAULT, false, k3);
        Psbt both = dev.blocksmith.core.psbt.PsbtCombiner.combine(List.of(only2, only3)).orElseThrow();
        assertThat(both.input(0).tapScriptSigs()).hasSize(2);
        assertValid(PsbtFinalizer.extract(both).orElseThrow(), spent);
    }
}
