package dev.blocksmith.core.psbt;

import dev.blocksmith.core.address.Base58;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * BIP174's worked example, role by role, with this project's Creator, Updater, Combiner, Finalizer and
 * Extractor (the two Signers need private-key signing and are checked in node-wallet's
 * PsbtSignerVectorTest), and BIP174's combiner example with unknown records.
 */
class PsbtWorkflowVectorTest {
    @Test
    @SuppressWarnings("unchecked")
    void workflowRoles() throws Exception {
        Map<String, Object> root = PsbtVectors.root(PsbtVectors.BIP174);
        Map<String, Object> wf = (Map<String, Object>) root.get("workflow");
        VectorReport report = new VectorReport("bip174-vectors.json workflow");

        Map<String, Object> creator = (Map<String, Object>) wf.get("creator");
        List<TxIn> ins = new ArrayList<>();
        for (Object o : (List<?>) creator.get("inputs")) {
            Map<String, Object> in = (Map<String, Object>) o;
            ins.add(new TxIn(new OutPoint(Sha256Hash.fromHex((String) in.get("txid")), ((Number) in.get("vout")).longValue()), Script.EMPTY,
                    TxIn.SEQUENCE_FINAL));
        }
        List<TxOut> outs = new ArrayList<>();
        for (Object o : (List<?>) creator.get("outputs")) {
            Map<String, Object> out = (Map<String, Object>) o;
            outs.add(new TxOut(Amount.parseBtc(new BigDecimal((String) out.get("amount"))).sats(), Script.fromHex((String) out.get("scriptPubKey"))));
        }
        Psbt created = Psbt.create(new Transaction(2, ins, outs, 0));
        report.check(same(created, (String) creator.get("psbt")), "creator: " + b64(created));

        Map<String, Object> up = (Map<String, Object>) wf.get("updater");
        UpdaterProvider provider = new UpdaterProvider(masterFingerprint((String) wf.get("master_xprv")));
        ((List<String>) up.get("redeem_scripts")).forEach(h -> provider.addScript(Script.fromHex(h)));
        ((List<String>) up.get("witness_scripts")).forEach(h -> provider.addScript(Script.fromHex(h)));
        for (Object o : (List<?>) up.get("bip32_derivations")) {
            Map<String, Object> d = (Map<String, Object>) o;
            provider.addKey(Bytes.fromHex((String) d.get("pubkey")), (String) d.get("path"));
        }
        Psbt updated = created;
        List<Transaction> prevs = ((List<String>) up.get("previous_transactions")).stream().map(Transaction::fromHex).toList();
        for (int i = 0; i < updated.inputs().size(); i++) {
            OutPoint op = updated.unsignedTx().input(i).prevout();
            Transaction prev = prevs.stream().filter(t -> t.txid().equals(op.txid())).findFirst().orElseThrow();
            TxOut spent = prev.output((int) op.index());
            // BIP174 Updater: the whole previous transaction for a non-witness output, the output itself for a segwit one.
            PsbtInput.Builder b = updated.input(i).toBuilder();
            if (spent.scriptPubKey().isP2SH() && isNestedSegwit(provider, spent.scriptPubKey())) b.witnessUtxo(Optional.of(spent));
            else b.nonWitnessUtxo(Optional.of(prev));
            updated = updated.withInput(i, b.build());
        }
        PrecomputedTransactionData data = PsbtSigner.precompute(updated);
        for (int i = 0; i < updated.inputs().size(); i++) {
            updated = PsbtSigner.signInput(updated, i, provider, SignatureCreator.NONE, data, false).psbt();
        }
        for (int i = 0; i < updated.outputs().size(); i++) updated = PsbtSigner.updateOutput(updated, i, provider);
        report.check(same(updated, (String) up.get("psbt")), "updater: " + b64(updated));

        Psbt withSighash = updated;
        for (int i = 0; i < withSighash.inputs().size(); i++) {
            withSighash = withSighash.withInput(i, withSighash.input(i).toBuilder().sighashType(Optional.of(1)).build());
        }
        report.check(same(withSighash, (String) ((Map<String, Object>) wf.get("updater_sighash_all")).get("psbt")), "updater SIGHASH_ALL");

        Psbt signer1 = decode((String) ((Map<String, Object>) wf.get("signer_1")).get("psbt"));
        Psbt signer2 = decode((String) ((Map<String, Object>) wf.get("signer_2")).get("psbt"));
        Psbt combined = PsbtCombiner.combine(List.of(signer1, signer2)).orElseThrow();
        report.check(same(combined, (String) ((Map<String, Object>) wf.get("combiner")).get("psbt")), "combiner: " + b64(combined));

        PsbtFinalizer.Finalized finalized = PsbtFinalizer.finalizeInputs(combined);
        report.check(finalized.complete() && same(finalized.psbt(), (String) ((Map<String, Object>) wf.get("finalizer")).get("psbt")),
                "finalizer: " + b64(finalized.psbt()));
        PsbtFinalizer.Finalized partial = PsbtFinalizer.finalizeInputs(signer1);
        report.check(!partial.complete() && !partial.psbt().input(0).isFinalized(), "finalizer completes a PSBT signed by one of two keys");

        Optional<Transaction> extracted = PsbtFinalizer.extract(combined);
        String expectedTx = (String) ((Map<String, Object>) wf.get("extractor")).get("tx");
        report.check(extracted.isPresent() && extracted.get().toHex().equals(expectedTx), "extractor: " + extracted.map(Transaction::toHex));
        report.check(PsbtFinalizer.extract(signer2).isEmpty(), "extractor extracts an incomplete PSBT");

        Map<String, Object> cu = (Map<String, Object>) root.get("combine_unknown");
        List<Psbt> withUnknown = new ArrayList<>();
        for (String s : (List<String>) cu.get("psbts")) withUnknown.add(decode(s));
        Psbt mergedUnknown = PsbtCombiner.combine(withUnknown).orElseThrow();
        report.check(same(mergedUnknown, (String) cu.get("combined")), "combiner with unknown records: " + b64(mergedUnknown));
        report.check(PsbtCombiner.combine(List.of(signer1, withUnknown.get(0))).isEmpty(), "combined PSBTs of different transactions");
        report.finish();
    }

    private static boolean isNestedSegwit(UpdaterProvider provider, Script p2sh) {
        return provider.script(Bytes.of(Arrays.copyOfRange(p2sh.rawBytes(), 2, 22))).map(Script::isWitnessProgram).orElse(false);
    }

    private static boolean same(Psbt p, String base64) {
        return Arrays.equals(PsbtEncoder.encode(p), PsbtVectors.base64(base64));
    }

    private static String b64(Psbt p) {
        return java.util.Base64.getEncoder().encodeToString(PsbtEncoder.encode(p));
    }

    private static Psbt decode(String base64) throws PsbtDecodeException {
        return PsbtDecoder.decode(PsbtVectors.base64(base64));
    }

    /** BIP32: the fingerprint is the first four bytes of hash160 of the master public key. */
    private static int masterFingerprint(String xprv) throws AddressFormatException {
        byte[] raw = Base58.decodeChecked(xprv);
        byte[] secret = Arrays.copyOfRange(raw, 46, 78);
        byte[] pub = Secp256k1Verifier.library().pubKeyCompress(Secp256k1Verifier.library().pubkeyCreate(secret));
        byte[] id = Hashes.hash160(pub);
        return (id[0] & 0xff) << 24 | (id[1] & 0xff) << 16 | (id[2] & 0xff) << 8 | (id[3] & 0xff);
    }

    /** The BIP's updater: knows the scripts and the keys with their paths, and no private key. */
    private static final class UpdaterProvider extends FlatSigningProvider {
        private final int fingerprint;

        UpdaterProvider(int fingerprint) {
            this.fingerprint = fingerprint;
        }

        void addKey(Bytes pubkey, String path) {
            List<Integer> steps = new ArrayList<>();
            for (String part : path.substring(2).split("/")) {
                boolean hard = part.endsWith("'");
                int n = Integer.parseInt(hard ? part.substring(0, part.length() - 1) : part);
                steps.add(hard ? n | Bip32Origin.HARDENED : n);
            }
            addOrigin(addPublicKey(pubkey.toByteArray()), new Bip32Origin(fingerprint, steps));
        }
    }
}
