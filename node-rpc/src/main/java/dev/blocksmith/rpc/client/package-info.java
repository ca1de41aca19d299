/**
 * {@code blocksmith cli}: a JSON-RPC client with bitcoin-cli's argument conversion, {@code -named},
 * {@code -rpcwait}, {@code -rpcwallet}, {@code -generate} and output format.
 */
package dev.blocksmith.rpc.client;
