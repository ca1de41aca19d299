/**
 * The Bitcoin P2P network over Netty.
 * <p>
 * {@link dev.blocksmith.p2p.P2PNetwork} is the facade the node and its RPC server use; its public
 * signatures carry no Netty types. Everything stateful (connections, handshake, sync, relay) runs on a
 * single Netty event-loop thread, so protocol state needs no locks; facade calls are handed to that thread.
 * <p>
 * Packages: {@code codec} (framing: magic, command, length, checksum), {@code message} (typed messages and
 * their payload codecs), {@code peer} (per-connection state, bans and discouragement), {@code addr} (the
 * address manager and peers.dat), {@code sync} (the {@link dev.blocksmith.p2p.sync.ChainBackend} and
 * {@link dev.blocksmith.p2p.sync.MempoolBackend} seams, headers-first download, block and transaction
 * relay). This package wires them: {@code PeerManager} (handshake, ping, misbehaviour, dispatch) and
 * {@code ConnectionManager} (which outbound connections to open).
 */
package dev.blocksmith.p2p;
