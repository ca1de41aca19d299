/**
 * bitcoind-compatible JSON-RPC for Blocksmith. {@link dev.blocksmith.rpc.RpcException} and
 * {@link dev.blocksmith.rpc.RpcErrorCode} are the error vocabulary every method uses; the
 * subpackages hold the HTTP server ({@code server}), credentials ({@code auth}), JSON handling
 * ({@code json}), result rendering shared by methods ({@code render}), the methods themselves
 * ({@code methods.*}, one class per RPC) and the bitcoin-cli compatible client ({@code client}).
 */
package dev.blocksmith.rpc;
