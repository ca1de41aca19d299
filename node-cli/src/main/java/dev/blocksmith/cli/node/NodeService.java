package dev.blocksmith.cli.node;

/** A part of the node with a lifecycle (RPC server, P2P network, miner, metrics). */
public interface NodeService extends AutoCloseable {
    void start() throws Exception;

    /** Stops the service; must not throw for an already stopped service. */
    @Override
    void close() throws Exception;
}
