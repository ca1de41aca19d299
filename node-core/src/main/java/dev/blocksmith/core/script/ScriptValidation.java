package dev.blocksmith.core.script;

import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import java.util.Optional;

/**
 * Script checks of whole inputs and transactions, optionally through a shared {@link SignatureCache}
 * (the mempool stores successful checks so the block containing the transaction skips them).
 */
public final class ScriptValidation {
    private final Optional<SignatureCache> cache;

    /** Validation with a signature cache. */
    public ScriptValidation(SignatureCache cache) {
        this.cache = Optional.of(cache);
    }

    private ScriptValidation() {
        this.cache = Optional.empty();
    }

    /** Validation that verifies every signature (tests, benchmarks). */
    public static ScriptValidation uncached() {
        return new ScriptValidation();
    }

    /**
     * Verifies input {@code index} of {@code tx} against the output it spends.
     *
     * @param spent the outputs spent by every input of {@code tx}, in input order
     * @param cacheStore whether successful signature checks are remembered
     */
    public ScriptError verifyInput(Transaction tx, int index, List<TxOut> spent, int flags, PrecomputedTransactionData data,
            boolean cacheStore) {
        TxIn in = tx.input(index);
        TxOut prev = spent.get(index);
        SignatureChecker checker = cache.<SignatureChecker>map(
                        c -> new CachingTransactionSignatureChecker(tx, index, prev.value(), data, c, cacheStore))
                .orElseGet(() -> new TransactionSignatureChecker(tx, index, prev.value(), data));
        return ScriptInterpreter.verify(in.scriptSig(), prev.scriptPubKey(), in.witness(), flags, checker);
    }

    /** Verifies every input in order; returns the first failure. The coinbase has no scripts to check. */
    public Optional<ScriptFailure> verifyTransaction(Transaction tx, List<TxOut> spent, int flags, boolean cacheStore) {
        if (tx.isCoinbase()) return Optional.empty();
        PrecomputedTransactionData data = new PrecomputedTransactionData(tx, spent);
        for (int i = 0; i < tx.inputs().size(); i++) {
            ScriptError err = verifyInput(tx, i, spent, flags, data, cacheStore);
            if (err != ScriptError.OK) return Optional.of(new ScriptFailure(i, err));
        }
        return Optional.empty();
    }
}
