package dev.blocksmith.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.ScriptInterpreter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof's ecdsa_secp256k1_sha256_bitcoin_test.json ("EcdsaBitcoinVerify"): the message is hashed
 * with SHA-256 and the signature is judged under Bitcoin's rules.
 *
 * <p>Mapping to our API: a case is "valid" exactly when the signature (with a hash type byte appended)
 * passes the interpreter's BIP66 strict-DER check, its S is low (BIP146 LOW_S), and the consensus
 * verifier accepts it. So a mathematically valid signature with high S, or in BER/non-minimal DER that
 * the lax consensus parser would accept, is "invalid" here, as Wycheproof expects. Both ECDSA back ends
 * (libsecp256k1 and BouncyCastle) must give the same answers.
 */
class WycheproofEcdsaTest {
    private static final Pattern GROUP = Pattern.compile("\"uncompressed\"\\s*:\\s*\"([0-9a-f]+)\"");
    private static final Pattern TEST = Pattern.compile(
            "\"tcId\"\\s*:\\s*(\\d+).*?\"msg\"\\s*:\\s*\"([0-9a-f]*)\"\\s*,\\s*\"sig\"\\s*:\\s*\"([0-9a-f]*)\"\\s*,\\s*\"result\"\\s*:\\s*\"(\\w+)\"",
            Pattern.DOTALL);

    @Test
    void bitcoinRules() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/vectors/wycheproof/ecdsa_secp256k1_sha256_bitcoin_test.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Split into groups at each public key; every test belongs to the key before it.
        String[] groups = json.split("\"publicKey\"\\s*:");
        int run = 0;
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (int g = 1; g < groups.length; g++) {
            Matcher km = GROUP.matcher(groups[g]);
            if (!km.find()) throw new IllegalStateException("group without key");
            byte[] pub = Hex.decode(km.group(1));
            Matcher tm = TEST.matcher(groups[g]);
            while (tm.find()) {
                run++;
                int id = Integer.parseInt(tm.group(1));
                byte[] hash = Hashes.sha256(Hex.decode(tm.group(2)));
                byte[] der = Hex.decode(tm.group(3));
                boolean expected = tm.group(4).equals("valid");
                boolean strict = ScriptInterpreter.isValidSignatureEncoding(withHashType(der));
                boolean lowS = EcdsaSignature.parseLax(der).map(EcdsaSignature::isLowS).orElse(false);
                boolean secp = Secp256k1Verifier.INSTANCE.verify(der, hash, pub);
                boolean bc = BouncyCastleEcdsaVerifier.INSTANCE.verify(der, hash, pub);
                boolean actual = strict && lowS && secp;
                if (actual == expected && secp == bc) {
                    passed++;
                } else {
                    failures.add("tcId " + id + " expected " + expected + " strict=" + strict + " lowS=" + lowS + " secp=" + secp + " bc=" + bc);
                }
            }
        }
        System.out.printf("[vectors] ecdsa_secp256k1_sha256_bitcoin_test.json: run=%d passed=%d failed=%d skipped=0%n", run, passed, failures.size());
        assertThat(run).isEqualTo(463);
        assertThat(failures).isEmpty();
    }

    private static byte[] withHashType(byte[] der) {
        byte[] out = Arrays.copyOf(der, der.length + 1);
        out[der.length] = 1;
        return out;
    }
}
