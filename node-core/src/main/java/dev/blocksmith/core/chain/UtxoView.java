package dev.blocksmith.core.chain;

import dev.blocksmith.core.tx.OutPoint;
import java.util.Optional;

/** Read access to a set of unspent outputs (the chain's, or the chain's plus the mempool's). */
public interface UtxoView {
    Optional<Coin> coin(OutPoint outPoint);
}
