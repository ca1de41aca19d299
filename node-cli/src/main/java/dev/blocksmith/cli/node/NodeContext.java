package dev.blocksmith.cli.node;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.miner.template.TransactionSource;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.KeyValueStore;

/** The shared parts of a running node that services are built from. */
public record NodeContext(NodeConfig config, ChainManager chain, KeyValueStore store, ScriptValidation scriptValidation,
                          Runnable shutdown) {
    /** Transactions for block templates: the mempool's selection once it is wired in. */
    public TransactionSource transactionSource() {
        return TransactionSource.empty();
    }
}
