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
            report.check(verdict != null && verdict.get("psbt").asText().equals(ours), name + ": signed PSBT " + ours);
            report.check(verdict != null && verdict.at("/finalizepsbt/hex").asText().equals(tx), name + ": finalized " + tx);
            report.check(verdict != null && verdict.at("/testmempoolaccept/0/allowed").asBoolean(), name + ": bitcoind refused it");
        }
        report.finish();
        assertThat(verdicts).hasSize(SIGNERS.size());
    }
}
