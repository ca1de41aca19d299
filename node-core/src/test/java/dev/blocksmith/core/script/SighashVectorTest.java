package dev.blocksmith.core.script;

import dev.blocksmith.core.consensus.TransactionChecks;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.core.tx.Transaction;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Core's sighash.json: legacy SignatureHash of random transactions, scripts and hash types. */
class SighashVectorTest {
    @Test
    void legacySignatureHashMatchesCore() {
        VectorReport report = new VectorReport("sighash.json");
        List<?> tests = (List<?>) TestJson.load("/vectors/bitcoin-core/sighash.json");
        for (Object o : tests) {
            List<?> t = (List<?>) o;
            if (t.size() == 1) {
                report.skip("comment row");
                continue;
            }
            String label = t.toString();
            try {
                Transaction tx = Transaction.fromHex((String) t.get(0));
                Script script = Script.fromHex((String) t.get(1));
                int index = ((BigDecimal) t.get(2)).intValueExact();
                int hashType = ((BigDecimal) t.get(3)).intValueExact();
                String expected = (String) t.get(4);
                // Core's test also requires each transaction to pass CheckTransaction.
                TransactionChecks.check(tx);
                byte[] h = SignatureHasher.legacy(script, tx, index, hashType);
                String actual = Sha256Hash.wrap(h).toHex();
                report.check(actual.equals(expected), label + " got " + actual + " (internal " + Hex.encode(h) + ")");
            } catch (ValidationException | RuntimeException e) {
                report.fail(label + " threw " + e);
            }
        }
        report.finish();
    }
}
