/**
 * JSON as bitcoind reads and writes it: exact decimal numbers, BTC amounts with 8 decimals, UniValue's
 * type names and pretty-printing.
 */
package dev.blocksmith.rpc.json;
