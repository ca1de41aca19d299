package dev.blocksmith.core.script;

import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bitcoin Core's script_tests.json: every case must give the expected result and the exact expected
 * error. As in Core's harness, the scripts are spent by a one-input transaction crediting a fake
 * coinbase output that holds the scriptPubKey and amount.
 */
class ScriptTestsVectorTest {
    static final String FILE = "/vectors/bitcoin-core/script_tests.json";
    /** BIP341's provably unspendable NUMS point, used as internal key for the #SCRIPT# taproot cases. */
    static final byte[] NUMS_H = Hex.decode("50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0");

    @Test
    void everyCaseGivesTheExpectedError() {
        VectorReport report = new VectorReport("script_tests.json");
        @SuppressWarnings("unchecked")
        List<Object> tests = (List<Object>) TestJson.load(FILE);
        for (Object o : tests) {
            List<?> t = (List<?>) o;
            if (t.size() < 4) {
                report.skip("comment row (fewer than 4 fields, ignored by Core's harness too)");
                continue;
            }
            String label = t.toString();
            try {
                runCase(t, report, label);
            } catch (RuntimeException e) {
                report.fail(label + " threw " + e);
            }
        }
        report.finish();
    }

    private static void runCase(List<?> t, VectorReport report, String label) {
        int pos = 0;
        List<byte[]> witness = new ArrayList<>();
        long amount = 0;
        byte[] tapscript = null;
        if (t.get(0) instanceof List<?> w) {
            for (int i = 0; i < w.size() - 1; i++) {
                String item = (String) w.get(i);
                if (item.startsWith("#SCRIPT#")) {
                    tapscript = ScriptAsm.parseBytes(item.substring("#SCRIPT#".length()));
                    witness.add(tapscript);
                } else if (item.equals("#CONTROLBLOCK#")) {
                    witness.add(null);
                } else {
                    witness.add(Hex.decode(item));
                }
            }
            amount = ((BigDecimal) w.get(w.size() - 1)).movePointRight(8).longValueExact();
            pos = 1;
        }
        String scriptSigAsm = (String) t.get(pos);
        String scriptPubKeyAsm = (String) t.get(pos + 1);
        int flags = ScriptFlags.parse((String) t.get(pos + 2));
        ScriptError expected = expectedError((String) t.get(pos + 3));

        if (tapscript != null) {
            // Core builds a single-leaf tree; any valid internal key gives the same outcomes.
            byte[] leaf = ScriptInterpreter.tapleafHash(ScriptInterpreter.TAPROOT_LEAF_TAPSCRIPT, tapscript);
            byte[] q = Secp256k1Verifier.INSTANCE.tweakXOnly(NUMS_H, leaf).orElseThrow();
            byte[] control = new byte[33];
            control[0] = (byte) (ScriptInterpreter.TAPROOT_LEAF_TAPSCRIPT | (q[0] & 1));
            System.arraycopy(NUMS_H, 0, control, 1, 32);
            witness.replaceAll(b -> b == null ? control : b);
            scriptPubKeyAsm = scriptPubKeyAsm.replace("#TAPROOTOUTPUT#", "0x" + Hex.encode(Arrays.copyOfRange(q, 1, 33)));
        }
        Script scriptSig = ScriptAsm.parse(scriptSigAsm);
        Script scriptPubKey = ScriptAsm.parse(scriptPubKeyAsm);
        Witness wit = Witness.of(witness);

        Transaction credit = creditingTransaction(scriptPubKey, amount);
        Transaction spend = spendingTransaction(scriptSig, wit, credit);
        PrecomputedTransactionData data = new PrecomputedTransactionData(spend, List.of(credit.output(0)));
        ScriptError actual = ScriptInterpreter.verify(scriptSig, scriptPubKey, wit, flags,
                new TransactionSignatureChecker(spend, 0, amount, data));
        report.check(actual == expected, label + " expected " + expected + " got " + actual);
    }

    /** Core's test tables name SCRIPT_ERR_SIG_NULLFAIL "NULLFAIL"; all other names match the enum. */
    static ScriptError expectedError(String name) {
        return name.equals("NULLFAIL") ? ScriptError.SIG_NULLFAIL : ScriptError.valueOf(name);
    }

    static Transaction creditingTransaction(Script scriptPubKey, long amount) {
        TxIn in = new TxIn(OutPoint.NULL, Script.ofOwned(new byte[] {0, 0}), TxIn.SEQUENCE_FINAL);
        return new Transaction(1, List.of(in), List.of(new TxOut(amount, scriptPubKey)), 0);
    }

    static Transaction spendingTransaction(Script scriptSig, Witness witness, Transaction credit) {
        TxIn in = new TxIn(new OutPoint(credit.txid(), 0), scriptSig, TxIn.SEQUENCE_FINAL, witness);
        return new Transaction(1, List.of(in), List.of(new TxOut(credit.output(0).value(), Script.EMPTY)), 0);
    }
}
