package dev.blocksmith.core.script;

import dev.blocksmith.core.consensus.TransactionChecks;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.crypto.BouncyCastleEcdsaVerifier;
import dev.blocksmith.core.crypto.EcdsaVerifier;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Core's tx_valid.json and tx_invalid.json, with the semantics documented at the top of those files and
 * in Core's transaction_tests.cpp:
 * <ul>
 * <li>tx_valid: the third field lists flags to EXCLUDE. The transaction must pass CheckTransaction and
 * verify with all flags but the excluded ones; it must still pass when any further flags are removed
 * (soft forks only add rules); and removing any one flag from the exclusion set (i.e. also enforcing
 * it) must make it fail, so the exclusion list is minimal.</li>
 * <li>tx_invalid: "BADTX" means it must fail CheckTransaction. Otherwise the field lists flags to
 * APPLY: it must pass CheckTransaction and fail script verification with them; it must keep failing
 * when more flags are added; and dropping any one of the listed flags must make it pass.</li>
 * </ul>
 * Flag sets are kept consistent as Core does (WITNESS needs P2SH, CLEANSTACK needs WITNESS).
 */
class TxVectorsTest {
    private static final int ALL_FLAGS;

    static {
        int all = 0;
        for (int f : ScriptFlags.all().values()) all |= f;
        ALL_FLAGS = all;
    }

    private record Case(Transaction tx, List<TxOut> spent, String flagsField) {
    }

    @Test
    void txValid() {
        VectorReport report = new VectorReport("tx_valid.json");
        Random rng = new Random(1);
        for (Object o : (List<?>) TestJson.load("/vectors/bitcoin-core/tx_valid.json")) {
            List<?> t = (List<?>) o;
            if (!(t.get(0) instanceof List<?>)) {
                report.skip("comment row");
                continue;
            }
            String label = t.get(1) + " excluded=" + t.get(2);
            try {
                Case c = parse(t);
                try {
                    TransactionChecks.check(c.tx());
                } catch (ValidationException e) {
                    report.fail(label + " fails CheckTransaction: " + e.reason());
                    continue;
                }
                int excluded = ScriptFlags.parse(c.flagsField());
                if ((~excluded & ALL_FLAGS) != fill(~excluded & ALL_FLAGS)) {
                    report.fail(label + " has an inconsistent flag set");
                    continue;
                }
                List<String> problems = new ArrayList<>();
                ScriptError err = verifyAll(c, ~excluded & ALL_FLAGS);
                if (err != ScriptError.OK) problems.add("fails with all but excluded flags: " + err);
                for (Map.Entry<String, Integer> f : ScriptFlags.all().entrySet()) {
                    int fewer = trim(~(excluded | f.getValue()) & ALL_FLAGS);
                    ScriptError e1 = verifyAll(c, fewer);
                    if (e1 != ScriptError.OK) problems.add("fails with " + f.getKey() + " also unset: " + e1);
                    int random = trim(~(excluded | rng.nextInt(1 << 21)) & ALL_FLAGS);
                    ScriptError e2 = verifyAll(c, random);
                    if (e2 != ScriptError.OK) problems.add("fails with random flags " + Integer.toHexString(random) + ": " + e2);
                }
                for (int oneLess : excludeIndividualFlags(excluded)) {
                    if (verifyAll(c, ~oneLess & ALL_FLAGS) == ScriptError.OK) {
                        problems.add("exclusion list not minimal: passes with flags " + Integer.toHexString(~oneLess & ALL_FLAGS));
                    }
                }
                report.check(problems.isEmpty(), label + " " + problems);
            } catch (RuntimeException e) {
                report.fail(label + " threw " + e);
            }
        }
        report.finish();
    }

    @Test
    void txInvalid() {
        VectorReport report = new VectorReport("tx_invalid.json");
        Random rng = new Random(2);
        for (Object o : (List<?>) TestJson.load("/vectors/bitcoin-core/tx_invalid.json")) {
            List<?> t = (List<?>) o;
            if (!(t.get(0) instanceof List<?>)) {
                report.skip("comment row");
                continue;
            }
            String label = t.get(1) + " flags=" + t.get(2);
            try {
                Case c = parse(t);
                boolean checkFails;
                try {
                    TransactionChecks.check(c.tx());
                    checkFails = false;
                } catch (ValidationException e) {
                    checkFails = true;
                }
                if (c.flagsField().equals("BADTX") || checkFails) {
                    report.check(checkFails && c.flagsField().equals("BADTX"),
                            label + (checkFails ? " fails CheckTransaction but is not marked BADTX" : " marked BADTX but passes CheckTransaction"));
                    continue;
                }
                int flags = ScriptFlags.parse(c.flagsField());
                if (flags != fill(flags)) {
                    report.fail(label + " has an inconsistent flag set");
                    continue;
                }
                List<String> problems = new ArrayList<>();
                if (verifyAll(c, flags) == ScriptError.OK) problems.add("passes with its flags");
                for (Map.Entry<String, Integer> f : ScriptFlags.all().entrySet()) {
                    if (verifyAll(c, fill(flags | f.getValue())) == ScriptError.OK) problems.add("passes with " + f.getKey() + " added");
                    int random = fill(flags | rng.nextInt(1 << 21));
                    if (verifyAll(c, random) == ScriptError.OK) problems.add("passes with random flags " + Integer.toHexString(random));
                }
                for (int oneLess : excludeIndividualFlags(flags)) {
                    ScriptError e = verifyAll(c, oneLess);
                    if (e != ScriptError.OK) problems.add("flags not minimal: fails with " + Integer.toHexString(oneLess) + ": " + e);
                }
                report.check(problems.isEmpty(), label + " " + problems);
            } catch (RuntimeException e) {
                report.fail(label + " threw " + e);
            }
        }
        report.finish();
    }

    private static Case parse(List<?> t) {
        Map<OutPoint, TxOut> prevouts = new HashMap<>();
        for (Object p : (List<?>) t.get(0)) {
            List<?> in = (List<?>) p;
            long index = ((BigDecimal) in.get(1)).longValueExact() & 0xffffffffL;
            OutPoint op = new OutPoint(Sha256Hash.fromHex((String) in.get(0)), index);
            long amount = in.size() > 3 ? ((BigDecimal) in.get(3)).longValueExact() : 0;
            prevouts.put(op, new TxOut(amount, ScriptAsm.parse((String) in.get(2))));
        }
        Transaction tx = Transaction.fromHex((String) t.get(1));
        List<TxOut> spent = new ArrayList<>();
        for (TxIn in : tx.inputs()) {
            TxOut prev = prevouts.get(in.prevout());
            if (prev == null) throw new IllegalArgumentException("vector lacks prevout " + in.prevout());
            spent.add(prev);
        }
        return new Case(tx, spent, (String) t.get(2));
    }

    /**
     * The BouncyCastle ECDSA back end must reach the same verdicts: every valid transaction passes with
     * all but its excluded flags and every script-invalid one fails with its flags.
     */
    @Test
    void bouncyCastleBackEndAgrees() {
        VectorReport report = new VectorReport("tx_valid.json + tx_invalid.json with BouncyCastle ECDSA");
        for (String file : List.of("tx_valid.json", "tx_invalid.json")) {
            for (Object o : (List<?>) TestJson.load("/vectors/bitcoin-core/" + file)) {
                List<?> t = (List<?>) o;
                if (!(t.get(0) instanceof List<?>)) continue;
                Case c = parse(t);
                if (c.flagsField().equals("BADTX")) {
                    report.skip("BADTX case: judged by CheckTransaction, no signature involved");
                    continue;
                }
                boolean valid = file.equals("tx_valid.json");
                int flags = valid ? ~ScriptFlags.parse(c.flagsField()) & ALL_FLAGS : ScriptFlags.parse(c.flagsField());
                ScriptError e = verifyAll(c, flags, BouncyCastleEcdsaVerifier.INSTANCE);
                report.check((e == ScriptError.OK) == valid, file + " " + t.get(1) + " gave " + e);
            }
        }
        report.finish();
    }

    /** Verifies every input; OK only if all pass. */
    private static ScriptError verifyAll(Case c, int flags) {
        return verifyAll(c, flags, Secp256k1Verifier.INSTANCE);
    }

    private static ScriptError verifyAll(Case c, int flags, EcdsaVerifier ecdsa) {
        PrecomputedTransactionData data = new PrecomputedTransactionData(c.tx(), c.spent());
        for (int i = 0; i < c.tx().inputs().size(); i++) {
            TxIn in = c.tx().input(i);
            TxOut prev = c.spent().get(i);
            ScriptError e = ScriptInterpreter.verify(in.scriptSig(), prev.scriptPubKey(), in.witness(), flags,
                    new TransactionSignatureChecker(c.tx(), i, prev.value(), data, ecdsa));
            if (e != ScriptError.OK) return e;
        }
        return ScriptError.OK;
    }

    /** Core's FillFlags: CLEANSTACK implies WITNESS, WITNESS implies P2SH. */
    private static int fill(int flags) {
        if ((flags & ScriptFlags.CLEANSTACK) != 0) flags |= ScriptFlags.WITNESS;
        if ((flags & ScriptFlags.WITNESS) != 0) flags |= ScriptFlags.P2SH;
        return flags;
    }

    /** Core's TrimFlags: without P2SH no WITNESS, without WITNESS no CLEANSTACK. */
    private static int trim(int flags) {
        if ((flags & ScriptFlags.P2SH) == 0) flags &= ~ScriptFlags.WITNESS;
        if ((flags & ScriptFlags.WITNESS) == 0) flags &= ~ScriptFlags.CLEANSTACK;
        return flags;
    }

    /** Core's ExcludeIndividualFlags: each distinct consistent set with one flag removed. */
    private static List<Integer> excludeIndividualFlags(int flags) {
        List<Integer> out = new ArrayList<>();
        for (int f : ScriptFlags.all().values()) {
            int one = trim(flags & ~f);
            if (one != flags && !out.contains(one)) out.add(one);
        }
        return out;
    }
}
