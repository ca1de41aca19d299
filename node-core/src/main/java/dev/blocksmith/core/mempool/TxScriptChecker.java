package dev.blocksmith.core.mempool;

import dev.blocksmith.core.script.ScriptFailure;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import java.util.Optional;

/**
 * Verifies every input script of one transaction under the given flags. The mempool runs it with the
 * standard (policy) flags and, on failure, with the consensus flags only, to tell a non-standard
 * transaction from an invalid one.
 */
@FunctionalInterface
public interface TxScriptChecker {
    /**
     * @param spent the outputs the inputs spend, in input order
     * @param flags {@code ScriptFlags} bits
     * @return empty when every input verifies, else the first failing input
     */
    Optional<ScriptFailure> check(Transaction tx, List<TxOut> spent, int flags);

    /**
     * The script interpreter. Successful signature checks are stored in the validation's signature
     * cache (as Core's mempool does), so the block that later confirms the transaction skips them.
     */
    static TxScriptChecker of(ScriptValidation validation) {
        return (tx, spent, flags) -> validation.verifyTransaction(tx, spent, flags, true);
    }
}
