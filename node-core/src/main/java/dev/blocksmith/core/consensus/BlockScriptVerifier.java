package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;

/**
 * Verifies the input scripts of every non-coinbase transaction of a block. The chain state calls it
 * after the UTXO checks and before it writes anything, so a block whose scripts fail leaves no trace.
 */
public interface BlockScriptVerifier {
    /**
     * @param spentOutputs for each transaction index {@code i} (entry 0, the coinbase, is empty), the
     *     outputs its inputs spend, in input order
     * @param flags script verification flags for this block ({@code ScriptFlags})
     * @throws ValidationException with reason {@code block-script-verify-flag-failed (<script error>)}
     *     on the first failing input
     */
    void verify(Block block, List<List<TxOut>> spentOutputs, int flags) throws ValidationException;
}
