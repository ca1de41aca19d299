package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.peer.ConnectionType;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * bitcoind's eviction of outbound peers on a lagging chain (ConsiderEviction with its ChainSyncTimeoutState): an
 * outbound full-relay or block-relay-only peer we sync headers with must, within {@link #CHAIN_SYNC_TIMEOUT_MILLIS},
 * show a chain with at least the work our tip had when it was found behind. If it has not, it is sent one
 * getheaders from that tip's parent and gets {@link #HEADERS_RESPONSE_MILLIS} more; then it is disconnected. Keeping
 * up with the old tip but not the new one starts a new period. Up to {@link #MAX_PROTECTED} outbound full-relay peers
 * whose headers reached our tip's work are protected for good, so that lagging alone never costs us all our
 * connections. Times are the node's clock (mockable). Call on the network thread.
 */
final class OutboundChainSync {
    /** bitcoind's CHAIN_SYNC_TIMEOUT and HEADERS_RESPONSE_TIME. */
    static final long CHAIN_SYNC_TIMEOUT_MILLIS = 20 * 60 * 1000;
    static final long HEADERS_RESPONSE_MILLIS = 2 * 60 * 1000;
    /** bitcoind's MAX_OUTBOUND_PEERS_TO_PROTECT_FROM_DISCONNECT. */
    static final int MAX_PROTECTED = 4;

    /** A chain position the peer is measured against: our tip when its period started. */
    record Work(Sha256Hash hash, Sha256Hash parent, BigInteger chainWork) {
    }

    /** What to do with the peer now. */
    sealed interface Decision {
        record Keep() implements Decision {
        }

        /** Its last chance: a getheaders whose locator starts at {@code from} (the benchmark tip's parent). */
        record AskHeaders(Sha256Hash from, Sha256Hash benchmark) implements Decision {
        }

        record Evict() implements Decision {
        }
    }

    private static final Decision KEEP = new Decision.Keep();

    private static final class State {
        long timeout;
        Optional<Work> workHeader = Optional.empty();
        boolean sentGetHeaders;
        boolean protect;
    }

    private final Map<Long, State> states = new HashMap<>();
    private int protectedPeers;

    private static boolean subjectToEviction(ConnectionType type) {
        return type == ConnectionType.OUTBOUND_FULL_RELAY || type == ConnectionType.BLOCK_RELAY_ONLY;
    }

    /**
     * Headers from the peer connected (bitcoind's UpdatePeerStateForReceivedHeaders): an outbound full-relay peer
     * whose best block has at least our tip's work is protected while protection slots are free.
     */
    void headersConnected(long peerId, ConnectionType type, Optional<BigInteger> bestKnownWork, BigInteger tipWork) {
        if (type != ConnectionType.OUTBOUND_FULL_RELAY || bestKnownWork.isEmpty()) return;
        State s = states.computeIfAbsent(peerId, id -> new State());
        if (protectedPeers < MAX_PROTECTED && bestKnownWork.get().compareTo(tipWork) >= 0 && !s.protect) {
            s.protect = true;
            protectedPeers++;
        }
    }

    boolean isProtected(long peerId) {
        State s = states.get(peerId);
        return s != null && s.protect;
    }

    void disconnected(long peerId) {
        State s = states.remove(peerId);
        if (s != null && s.protect) protectedPeers--;
    }

    /** bitcoind's ConsiderEviction, run for every peer on each send round. */
    Decision consider(long peerId, ConnectionType type, boolean syncStarted, Optional<BigInteger> bestKnownWork, Work tip,
                      long nowMillis) {
        if (!subjectToEviction(type) || !syncStarted) return KEEP;
        State s = states.computeIfAbsent(peerId, id -> new State());
        if (s.protect) return KEEP;
        if (bestKnownWork.isPresent() && bestKnownWork.get().compareTo(tip.chainWork()) >= 0) {
            // Caught up with our tip: no period runs.
            s.timeout = 0;
            s.workHeader = Optional.empty();
            s.sentGetHeaders = false;
        } else if (s.timeout == 0 || (s.workHeader.isPresent() && bestKnownWork.isPresent()
                && bestKnownWork.get().compareTo(s.workHeader.get().chainWork()) >= 0)) {
            // Found behind for the first time, or caught up with the old benchmark but not with the tip since:
            // a new period against the current tip.
            s.timeout = nowMillis + CHAIN_SYNC_TIMEOUT_MILLIS;
            s.workHeader = Optional.of(tip);
            s.sentGetHeaders = false;
        } else if (s.timeout > 0 && nowMillis > s.timeout) {
            if (s.sentGetHeaders) return new Decision.Evict();
            Work benchmark = s.workHeader.orElseThrow();
            s.sentGetHeaders = true;
            s.timeout = nowMillis + HEADERS_RESPONSE_MILLIS;
            return new Decision.AskHeaders(benchmark.parent(), benchmark.hash());
        }
        return KEEP;
    }
}
