package dev.blocksmith.cli.node;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.time.NodeClock;
import dev.blocksmith.core.time.NodeScheduler;
import dev.blocksmith.miner.template.BlockAssembler;
import dev.blocksmith.miner.template.TransactionSource;

/**
 * The shared parts of a running node that services are built from.
 *
 * @param clock           the node's one clock (mock time through setmocktime); every service reads it
 * @param scheduler       periodic tasks bitcoind runs on its scheduler (mockscheduler moves them)
 * @param indexes         the optional indexes (-blockfilterindex), already catching up with the chain
 * @param events          the validation event queue: chain and mempool events for ZMQ, in order, off the locks
 * @param notifyCommands  -blocknotify, -walletnotify and the other notification commands
 */
public record NodeContext(NodeConfig config, ChainManager chain, KeyValueStore store, ScriptValidation scriptValidation,
                          Mempool mempool, Runnable shutdown, NodeClock clock,
                          NodeScheduler scheduler, dev.blocksmith.core.index.Indexes indexes,
                          dev.blocksmith.core.events.ValidationEventQueue events,
                          dev.blocksmith.cli.notify.NotifyCommands notifyCommands) {
    /** Transactions for block templates: ancestor-fee-rate selection over the mempool's current entries. */
    public TransactionSource transactionSource() {
        return (maxWeight, maxSigops) -> BlockAssembler.select(mempool.miningCandidates(), maxWeight, maxSigops,
                mempool.options().blockMinFeeRate());
    }
}
