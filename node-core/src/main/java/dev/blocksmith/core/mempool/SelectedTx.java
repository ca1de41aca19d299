package dev.blocksmith.core.mempool;

import dev.blocksmith.core.tx.Transaction;

/** A transaction chosen for a block, with its base fee and sigop cost (what getblocktemplate reports). */
public record SelectedTx(Transaction tx, long fee, long sigopCost) {
}
