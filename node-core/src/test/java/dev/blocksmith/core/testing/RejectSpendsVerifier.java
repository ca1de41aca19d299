package dev.blocksmith.core.testing;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;

/** For chain tests that need no script interpreter: any block spending an output is refused. */
public final class RejectSpendsVerifier implements BlockScriptVerifier {
    @Override
    public void verify(Block block, List<List<TxOut>> spentOutputs, int flags) throws ValidationException {
        if (block.transactions().size() > 1) {
            throw new ValidationException("block-script-verify-flag-failed (no script verifier in this test)");
        }
    }
}
