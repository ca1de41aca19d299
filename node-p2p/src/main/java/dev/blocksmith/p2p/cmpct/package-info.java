/**
 * BIP152 compact blocks: the compact block encoding with SipHash-2-4 short transaction ids (version 2, wtxids),
 * reconstruction of a block from the mempool and the extra transaction pool, and the pool itself.
 */
package dev.blocksmith.p2p.cmpct;
