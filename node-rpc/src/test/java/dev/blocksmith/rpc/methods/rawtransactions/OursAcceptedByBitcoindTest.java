package dev.blocksmith.rpc.methods.rawtransactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtFinalizer;
import dev.blocksmith.core.psbt.PsbtSigner;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.wallet.sign.KeySigningProvider;
import dev.blocksmith.wallet.sign.PsbtSignatureCreator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The other direction: bitcoind's unsigned PSBTs (psbt/knots/flows.json) signed here by key-only signers.
 * The signatures are deterministic (RFC6979, BIP340 with zero auxiliary randomness), so the PSBTs must be
 * exactly the ones bitcoind was shown (psbt/knots/ours-checked.json), on which bitcoind's finalizepsbt
 * produced the transaction this finalizer produces and its testmempoolaccept accepted it.
 */
class OursAcceptedByBitcoindTest {
    /** Which fixture PSBT is signed with which of the fixture's keys. */
    private static final Map<String, List<String>> SIGNERS = Map.of(
            "p2wsh 2-of-3 updated", List.of("k1", "k2"),
            "p2sh-p2wsh 2-of-2 updated", List.of("k1", "k2"),
            "p2sh 2-of-2 updated", List.of("k1", "k2"),
            "p2wsh single key updated", List.of("k1"),
            "p2wsh pkh updated", List.of("k2"),
            "p2pkh key updated", List.of("k3"),
            "p2tr script path updated", List.of("k2", "k3"),
            "p2tr key path updated", List.of("internal"));

    @Test
    void bitcoindAcceptsWhatWeSign() throws Exception {
        JsonNode flows = KnotsPsbtFixtureTest.resource("/psbt/knots/flows.json");
        JsonNode checked = KnotsPsbtFixtureTest.resource("/psbt/knots/ours-checked.json");
        Map<String, JsonNode> verdicts = new HashMap<>();
        for (JsonNode c : checked.get("cases")) verdicts.put(c.get("name").asText(), c);
        VectorReport report = new VectorReport("psbt/knots/ours-checked.json");
        for (JsonNode c : flows.get("psbts")) {
            String name = c.get("name").asText();
            if (!SIGNERS.containsKey(name)) continue;
            List<PrivateKeyBytes> keys = new ArrayList<>();
            for (String label : SIGNERS.get(name)) {
                keys.add(new PrivateKeyBytes(Hex.decode(flows.at("/keys/" + label + "/secret").asText()), true));
            }
            Psbt p = PsbtBase64.decode(c.get("psbt").asText());
            PrecomputedTransactionData data = PsbtSigner.precompute(p);
            KeySigningProvider signer = new KeySigningProvider(keys);
            for (int i = 0; i < p.inputs().size(); i++) {
                p = PsbtSigner.signInput(p, i, signer, PsbtSignatureCreator.factory(SignatureHasher.SIGHASH_ALL), data, false).psbt();
            }
            String ours = PsbtBase64.encode(p);
            String tx = PsbtFinalizer.extract(p).map(t -> t.toHex()).orElse("incomplete");
            JsonNode verdict = verdicts.get(name);
            boolean sameBytes = verdict != null && verdict.get("psbt").asText().equals(ours);
            // Since the signer grinds for low R as bitcoind does, a signature may differ from the one bitcoind was
            // shown; it must then be bitcoind's own signature for that input and key (flows.json's "signed by kN"
            // PSBTs, which bitcoind's wallet made): the bytes bitcoind accepted differ only in signatures it made itself.
            boolean bitcoindsOwnSignatures = !sameBytes && verdict != null && onlyBitcoindSignatures(p, name, flows);
            report.check(sameBytes || bitcoindsOwnSignatures, name + ": signed PSBT " + ours);
            report.check(verdict != null && (verdict.at("/finalizepsbt/hex").asText().equals(tx) || bitcoindsOwnSignatures
                    && !tx.equals("incomplete")), name + ": finalized " + tx);
            report.check(verdict != null && verdict.at("/testmempoolaccept/0/allowed").asBoolean(), name + ": bitcoind refused it");
        }
        report.finish();
        assertThat(verdicts).hasSize(SIGNERS.size());
    }

    /** Every partial signature of {@code p} is one bitcoind's wallet made for the same input and key in flows.json. */
    private static boolean onlyBitcoindSignatures(Psbt p, String name, JsonNode flows) {
        String base = name.replace(" updated", "");
        java.util.Set<String> bitcoinds = new java.util.HashSet<>();
        for (JsonNode c : flows.get("psbts")) {
            if (!c.get("name").asText().startsWith(base + " signed by ")) continue;
            JsonNode inputs = c.at("/decodepsbt/inputs");
            for (int i = 0; i < inputs.size(); i++) {
                inputs.get(i).path("partial_signatures").fields()
                        .forEachRemaining(e -> bitcoinds.add(e.getKey() + ":" + e.getValue().asText()));
            }
        }
        int seen = 0;
        for (var in : p.inputs()) {
            for (var sig : in.partialSignatures().values()) {
                if (!bitcoinds.contains(Hex.encode(sig.publicKey().toByteArray()) + ":" + Hex.encode(sig.signature().toByteArray()))) {
                    return false;
                }
                seen++;
            }
        }
        return seen > 0;
    }
}
