package dev.blocksmith.rpc.client;

/**
 * The call could not produce a JSON-RPC reply (no connection, rejected credentials, HTTP error,
 * unreadable reply). The message is what bitcoin-cli prints after "error: ".
 */
public class RpcClientException extends Exception {
    private static final long serialVersionUID = 1L;

    public RpcClientException(String message) {
        super(message);
    }

    public RpcClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
