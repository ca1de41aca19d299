/** Chain objects in bitcoind's RPC shapes: script asm and descriptors, decoded transactions, block headers. */
package dev.blocksmith.rpc.render;
