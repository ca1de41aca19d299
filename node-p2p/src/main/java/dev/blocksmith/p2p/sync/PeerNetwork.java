package dev.blocksmith.p2p.sync;

import dev.blocksmith.p2p.peer.Peer;

import java.util.Collection;

/** The connection-level services that sync and relay logic use; implemented by the peer manager. */
public interface PeerNetwork {
    /** Connected peers (handshake complete or not); call only on the network event loop. */
    Collection<Peer> peers();

    /** Disconnects and discourages the peer's address (Core's Misbehaving + MaybeDiscourageAndDisconnect). */
    void misbehaving(Peer peer, String reason);

    /** Disconnects without penalty. */
    void disconnect(Peer peer, String reason);

    long nowMillis();

    /** -maxuploadtarget (none unless configured). */
    default dev.blocksmith.p2p.traffic.UploadTarget uploadTarget() {
        return dev.blocksmith.p2p.traffic.UploadTarget.unlimited();
    }

    /**
     * One of the peer's blocks finished validation: messages held back behind its blocks may now be
     * handled, and reading from it may resume.
     */
    default void blockProcessed(Peer peer) {
    }
}
