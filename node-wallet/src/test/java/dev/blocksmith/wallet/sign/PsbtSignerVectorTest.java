package dev.blocksmith.wallet.sign;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.address.Wif;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtDecoder;
import dev.blocksmith.core.psbt.PsbtEncoder;
import dev.blocksmith.core.psbt.PsbtInput;
import dev.blocksmith.core.psbt.PsbtSigner;
import dev.blocksmith.core.psbt.PsbtVectors;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.testsupport.VectorReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BIP174's Signer steps: with the BIP's keys, the updated PSBT must become exactly the BIP's signed
 * PSBTs (RFC6979 signatures are deterministic); and BIP174's "Fails Signer checks" PSBTs must get no
 * signature for the input whose data is inconsistent.
 */
class PsbtSignerVectorTest {
    @SuppressWarnings("unchecked")
    private static List<PrivateKeyBytes> keys(Map<String, Object> step) throws Exception {
        List<PrivateKeyBytes> out = new ArrayList<>();
        for (Object o : (List<?>) step.get("keys")) out.add(Wif.decode((String) ((Map<String, Object>) o).get("wif"), Networks.REGTEST));
        return out;
    }

    private static Psbt sign(Psbt p, List<PrivateKeyBytes> keys) {
        PrecomputedTransactionData data = PsbtSigner.precompute(p);
        KeySigningProvider provider = new KeySigningProvider(keys);
        for (int i = 0; i < p.inputs().size(); i++) {
            p = PsbtSigner.signInput(p, i, provider, PsbtSignatureCreator.factory(SignatureHasher.SIGHASH_ALL), data, false).psbt();
        }
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void signersProduceTheBipsPsbts() throws Exception {
        Map<String, Object> root = PsbtVectors.root(PsbtVectors.BIP174);
        Map<String, Object> wf = (Map<String, Object>) root.get("workflow");
        VectorReport report = new VectorReport("bip174-vectors.json signers");
        Psbt updated = PsbtDecoder.decode(PsbtVectors.base64((String) ((Map<String, Object>) wf.get("updater_sighash_all")).get("psbt")));
        List<PrivateKeyBytes> allKeys = new ArrayList<>();
        for (String step : List.of("signer_1", "signer_2")) {
            Map<String, Object> s = (Map<String, Object>) wf.get(step);
            allKeys.addAll(keys(s));
            Psbt signed = sign(updated, keys(s));
            byte[] expected = PsbtVectors.base64((String) s.get("psbt"));
            report.check(Arrays.equals(PsbtEncoder.encode(signed), expected) || sameButGroundToLowR(signed, PsbtDecoder.decode(expected)),
                    step + ": " + Base64.getEncoder().encodeToString(PsbtEncoder.encode(signed)));
        }

        List<PsbtVectors.Case> failing = PsbtVectors.cases(PsbtVectors.BIP174, "fails_signer_checks");
        for (PsbtVectors.Case c : failing) {
            Psbt p = PsbtDecoder.decode(c.bytes());
            if (c.description().startsWith("A Witness UTXO is provided for a non-witness input")) {
                report.skip("the BIP gives no key for this P2PKH input; PsbtSignerRulesTest checks the rule with a key of its own");
                continue;
            }
            // Each of these cases corrupts one script of the BIP's signed workflow PSBT: drop the signatures and sign again.
            Psbt stripped = p;
            for (int i = 0; i < p.inputs().size(); i++) {
                stripped = stripped.withInput(i, p.input(i).toBuilder().clearPartialSignatures().build());
            }
            Psbt signed = sign(stripped, allKeys);
            int bad = c.description().startsWith("redeemScript with non-witness UTXO") ? 0 : 1;
            PsbtInput refused = signed.input(bad);
            PsbtInput good = signed.input(1 - bad);
            report.check(refused.partialSignatures().isEmpty() && good.partialSignatures().size() == 2,
                    c.description() + ": signatures " + refused.partialSignatures().size() + " on the bad input, "
                            + good.partialSignatures().size() + " on the good one");
        }
        report.finish();
    }

    /**
     * The BIP174 vectors predate bitcoind's low-R grinding (0.17): where the BIP's signature has a high R, bitcoind
     * (and so Blocksmith) signs with another nonce (Core's rpc_psbt.json carries that result). Everything else
     * must be identical, and each signature that differs must be ours ground to a low R where the BIP's is high.
     */
    private static boolean sameButGroundToLowR(Psbt ours, Psbt bip) {
        Psbt replaced = ours;
        for (int i = 0; i < ours.inputs().size(); i++) {
            var a = ours.input(i).partialSignatures();
            var b = bip.input(i).partialSignatures();
            if (!a.keySet().equals(b.keySet())) return false;
            for (var e : a.entrySet()) {
                byte[] mine = e.getValue().signature().toByteArray();
                byte[] theirs = b.get(e.getKey()).signature().toByteArray();
                if (Arrays.equals(mine, theirs)) continue;
                boolean mineLowR = mine[3] <= 32 && (mine[4] & 0x80) == 0;
                boolean theirsHighR = theirs[3] == 33 && theirs[4] == 0;
                if (!mineLowR || !theirsHighR) return false;
            }
            var builder = ours.input(i).toBuilder().clearPartialSignatures();
            b.forEach(builder::addPartialSignature);
            replaced = replaced.withInput(i, builder.build());
        }
        return Arrays.equals(PsbtEncoder.encode(replaced), PsbtEncoder.encode(bip));
    }
}
