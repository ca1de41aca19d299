/**
 * Block synchronisation and relay against the {@link dev.blocksmith.p2p.sync.ChainBackend} and
 * {@link dev.blocksmith.p2p.sync.MempoolBackend} interfaces, so that the P2P layer does not depend on the
 * concrete chain; {@link dev.blocksmith.p2p.sync.ChainManagerBackend} adapts the node's ChainManager.
 */
package dev.blocksmith.p2p.sync;
