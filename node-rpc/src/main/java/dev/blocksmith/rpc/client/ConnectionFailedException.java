package dev.blocksmith.rpc.client;

/** The server could not be reached or is still warming up: the transient failures -rpcwait retries. */
public final class ConnectionFailedException extends RpcClientException {
    private static final long serialVersionUID = 1L;

    public ConnectionFailedException(String message) {
        super(message);
    }
}
