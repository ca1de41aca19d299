package dev.blocksmith.core.script;

import dev.blocksmith.core.crypto.BouncyCastleEcdsaVerifier;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.core.tx.Transaction;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of BIP143 (transcribed in bip143-examples.json): preimage, sighash, and the
 * published signatures verified with both ECDSA back ends.
 */
class Bip143ExamplesTest {
    @Test
    @SuppressWarnings("unchecked")
    void examplesMatch() {
        VectorReport report = new VectorReport("bip143-examples.json");
        Map<String, Object> root = (Map<String, Object>) TestJson.load("/vectors/bips/bip143-examples.json");
        for (Object o : (List<?>) root.get("examples")) {
            Map<String, Object> ex = (Map<String, Object>) o;
            Transaction tx = Transaction.fromHex((String) ex.get("unsigned_tx"));
            // BIP143 hashes do not depend on the spent scripts, so the amounts-only precomputation suffices.
            PrecomputedTransactionData data = new PrecomputedTransactionData(tx, List.of());
            for (Object so : (List<?>) ex.get("sighashes")) {
                Map<String, Object> s = (Map<String, Object>) so;
                String label = ex.get("name") + " input " + s.get("input_index") + " type " + s.get("hash_type");
                int index = ((BigDecimal) s.get("input_index")).intValueExact();
                int hashType = ((BigDecimal) s.get("hash_type")).intValueExact();
                long amount = ((BigDecimal) s.get("amount")).longValueExact();
                Script scriptCode = Script.fromHex((String) s.get("script_code"));
                byte[] preimage = SignatureHasher.witnessV0Preimage(scriptCode, tx, index, hashType, amount, data);
                byte[] sighash = SignatureHasher.hash(scriptCode, tx, index, hashType, amount, SigVersion.WITNESS_V0, data);
                report.check(Hex.encode(preimage).equals(s.get("preimage")), label + " preimage " + Hex.encode(preimage));
                report.check(Arrays.equals(Hashes.sha256d(preimage), sighash) && Hex.encode(sighash).equals(s.get("sighash")),
                        label + " sighash " + Hex.encode(sighash));
                if (s.containsKey("signature")) {
                    byte[] sig = Hex.decode((String) s.get("signature"));
                    byte[] pub = Hex.decode((String) s.get("pubkey"));
                    byte[] der = Arrays.copyOf(sig, sig.length - 1);
                    report.check((sig[sig.length - 1] & 0xff) == hashType, label + " signature hash type byte");
                    report.check(Secp256k1Verifier.INSTANCE.verify(der, sighash, pub), label + " libsecp256k1 rejects the signature");
                    report.check(BouncyCastleEcdsaVerifier.INSTANCE.verify(der, sighash, pub), label + " BouncyCastle rejects the signature");
                    // A different message must not verify: the check can fail.
                    byte[] other = sighash.clone();
                    other[0] ^= 1;
                    report.check(!Secp256k1Verifier.INSTANCE.verify(der, other, pub), label + " verifies a wrong hash");
                } else {
                    report.skip("example lists no signature for this sighash (the BIP gives the preimage and hash only)");
                }
            }
        }
        report.finish();
    }
}
