package dev.blocksmith.cli.node;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.store.KeyValueStore;

/** The shared parts of a running node that services are built from. */
public record NodeContext(NodeConfig config, ChainManager chain, KeyValueStore store, Runnable shutdown) {
}
