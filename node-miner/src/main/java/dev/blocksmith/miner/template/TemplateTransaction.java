package dev.blocksmith.miner.template;

import dev.blocksmith.core.tx.Transaction;

/** A transaction chosen for a block template, with what getblocktemplate reports about it. */
public record TemplateTransaction(Transaction tx, long fee, long sigopCost) {
}
