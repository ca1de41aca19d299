package dev.blocksmith.rpc.server;

/**
 * The two reply conventions bitcoind speaks. Legacy (1.0/1.1, no {@code "jsonrpc"} field or
 * {@code "1.0"}) always sends {@code result}, {@code error} and {@code id} and maps errors to HTTP
 * statuses; 2.0 sends only one of result/error, answers HTTP 200 for RPC errors and nothing at all
 * for notifications.
 */
public enum JsonRpcVersion {
    V1_LEGACY,
    V2
}
