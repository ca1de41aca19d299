package dev.blocksmith.core.mempool;

import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import java.util.Optional;

/**
 * Verifies every input script of one transaction under the given flags. The mempool runs it twice at
 * most: with the standard (policy) flags, and on failure with the consensus flags only, to tell a
 * policy failure from an invalid transaction.
 */
@FunctionalInterface
public interface TxScriptChecker {
    /**
     * @param spent the outputs the inputs spend, in input order
     * @param flags {@code ScriptFlags} bits
     * @return empty when every input verifies, else the first failing input and Core's bare script
     *     error text (ScriptErrorString, e.g. "Signature must be zero for failed CHECK(MULTI)SIG operation")
     */
    Optional<ScriptFailure> check(Transaction tx, List<TxOut> spent, int flags);

    /** A failing input and Core's text for its script error. */
    record ScriptFailure(int inputIndex, String message) {
    }
}
