/** The address manager: known peer addresses in keyed new/tried buckets, persisted to peers.dat. */
package dev.blocksmith.p2p.addr;
