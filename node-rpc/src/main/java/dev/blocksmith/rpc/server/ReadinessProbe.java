package dev.blocksmith.rpc.server;

/**
 * What the node reports for {@code GET /ready}; the server adds its own part (RPC out of warmup).
 * Called on the network thread, so it must only read cheap, already-known state.
 */
@FunctionalInterface
public interface ReadinessProbe {
    NodeReadiness current();

    /**
     * @param chainLoaded          block index and chain state are loaded
     * @param initialBlockDownload the node is still in initial block download
     */
    record NodeReadiness(boolean chainLoaded, boolean initialBlockDownload) {}

    /** For nodes without chain state (tests, tools): always loaded and synced. */
    ReadinessProbe ALWAYS_READY = () -> new NodeReadiness(true, false);
}
