package dev.blocksmith.p2p.peer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses an inbound peer to drop when inbound slots are full (a simplified form of Core's
 * AttemptToEvictConnection). Peers that are hard for an attacker to fake are protected: the 4 with the
 * lowest ping, the 4 that most recently gave us a new block, the 4 that most recently gave us a new
 * transaction, and the older half of the rest. From the remainder, the youngest connection of the
 * network group with the most connections is evicted, so one address range cannot crowd out others.
 */
public final class Eviction {
    private static final int PROTECT_EACH = 4;

    private Eviction() {
    }

    public static Optional<Peer> choose(List<Peer> peers) {
        // As bitcoind, noban peers are never evicted.
        List<Peer> candidates = new ArrayList<>(peers.stream()
                .filter(p -> p.inbound() && !p.permissions().has(NetPermission.NOBAN)).toList());
        protect(candidates, Comparator.comparingLong(Peer::minPingMicros), PROTECT_EACH);
        protect(candidates, Comparator.comparingLong((Peer p) -> p.lastBlockMillis()).reversed(), PROTECT_EACH);
        protect(candidates, Comparator.comparingLong((Peer p) -> p.lastTxMillis()).reversed(), PROTECT_EACH);
        protect(candidates, Comparator.comparingLong(Peer::connectedAtMillis), candidates.size() / 2);
        if (candidates.isEmpty()) return Optional.empty();
        Map<String, List<Peer>> byGroup = new HashMap<>();
        for (Peer p : candidates) byGroup.computeIfAbsent(group(p.remote().getAddress()), g -> new ArrayList<>()).add(p);
        List<Peer> largest = byGroup.values().stream()
                .max(Comparator.<List<Peer>>comparingInt(List::size)
                        .thenComparingLong(g -> g.stream().mapToLong(Peer::connectedAtMillis).max().orElse(0)))
                .orElseThrow();
        return largest.stream().max(Comparator.comparingLong(Peer::connectedAtMillis));
    }

    private static void protect(List<Peer> candidates, Comparator<Peer> best, int n) {
        candidates.sort(best);
        candidates.subList(0, Math.min(n, candidates.size())).clear();
    }

    /** /16 for IPv4, /32 for IPv6, as the address manager groups addresses. */
    static String group(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? (b[0] & 0xff) + "." + (b[1] & 0xff) : String.format("%02x%02x:%02x%02x", b[0], b[1], b[2], b[3]);
    }
}
