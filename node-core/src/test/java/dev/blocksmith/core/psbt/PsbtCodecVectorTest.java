package dev.blocksmith.core.psbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.testsupport.MiniJson;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.core.tx.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BIP174 and BIP371 test vectors: every invalid PSBT is refused with the reason bitcoind gives
 * (Knots 29.4 fixture), every valid one decodes and serializes to exactly the bytes bitcoind writes for
 * it. Those are the vector's own bytes except where a non-witness UTXO carries witness data, which
 * bitcoind (and so this encoder) writes without witnesses; the test checks that this is the only case.
 */
class PsbtCodecVectorTest {
    @SuppressWarnings("unchecked")
    private static Map<String, String> fixture(String resource, String field) {
        Map<String, Object> root = (Map<String, Object>) MiniJson.resource(PsbtCodecVectorTest.class, resource);
        Map<String, String> out = new HashMap<>();
        for (Object o : (List<?>) root.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            out.put(c.get("file") + "|" + c.get("description"), (String) c.get(field));
        }
        return out;
    }

    @Test
    void bip174Vectors() {
        run("bip174-vectors.json", PsbtVectors.BIP174, List.of("valid", "fails_signer_checks"));
    }

    @Test
    void bip371Vectors() {
        run("bip371-vectors.json", PsbtVectors.BIP371, List.of("valid"));
    }

    private void run(String name, String file, List<String> validSections) {
        Map<String, String> errors = fixture("/psbt/knots/decode-errors.json", "message");
        Map<String, String> reencoded = fixture("/psbt/knots/reencoded.json", "psbt");
        VectorReport report = new VectorReport(name);
        for (PsbtVectors.Case c : PsbtVectors.cases(file, "invalid")) {
            String expected = errors.get(name + "|" + c.description());
            try {
                PsbtDecoder.decode(c.bytes());
                report.fail("accepted invalid: " + c.description());
            } catch (PsbtDecodeException e) {
                report.check(e.bitcoindText().equals(expected), c.description() + ": got '" + e.bitcoindText() + "', bitcoind says '" + expected + "'");
            }
        }
        for (String section : validSections) {
            for (PsbtVectors.Case c : PsbtVectors.cases(file, section)) {
                List<String> problems = new ArrayList<>();
                try {
                    Psbt p = PsbtDecoder.decode(c.bytes());
                    byte[] again = PsbtEncoder.encode(p);
                    byte[] bitcoind = PsbtVectors.base64(reencoded.get(name + "|" + c.description()));
                    if (!Arrays.equals(again, bitcoind)) problems.add("encoded differently from bitcoind: " + Hex.encode(again));
                    boolean witnessUtxo = p.inputs().stream().anyMatch(i -> i.nonWitnessUtxo().map(Transaction::hasWitness).orElse(false));
                    if (Arrays.equals(again, c.bytes()) == witnessUtxo) {
                        problems.add("differs from the vector's bytes for another reason than a non-witness UTXO's witness");
                    }
                    if (!Arrays.equals(PsbtEncoder.encode(PsbtDecoder.decode(again)), again)) problems.add("not stable");
                } catch (PsbtDecodeException e) {
                    problems.add("refused: " + e.bitcoindText());
                }
                report.check(problems.isEmpty(), c.description() + ": " + problems);
            }
        }
        report.finish();
        assertThat(errors).isNotEmpty();
    }
}
