package dev.blocksmith.rpc.client;

/**
 * What {@code blocksmith cli} prints and returns.
 *
 * @param exitCode 0 on success; the absolute RPC error code for RPC errors (the shell sees it
 *                 modulo 256, as with bitcoin-cli); 1 for client-side failures
 * @param stdout   text for standard output (with its final newline), possibly empty
 * @param stderr   text for standard error (with its final newline), possibly empty
 */
public record CliResult(int exitCode, String stdout, String stderr) {}
