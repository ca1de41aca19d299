/**
 * The JSON-RPC HTTP server: Netty sockets and routing ({@link dev.blocksmith.rpc.server.RpcServer}),
 * a bounded worker pool, and {@link dev.blocksmith.rpc.server.RpcDispatcher}, which reproduces
 * bitcoind's request parsing and reply shapes (1.0/2.0, batches, notifications, HTTP statuses).
 */
package dev.blocksmith.rpc.server;
