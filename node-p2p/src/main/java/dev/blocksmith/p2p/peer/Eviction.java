package dev.blocksmith.p2p.peer;

import dev.blocksmith.core.crypto.SipHash24;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chooses an inbound peer to drop when inbound slots are full: bitcoind's SelectNodeToEvict. Peers that are hard for
 * an attacker to fake are protected, in this order: 4 network groups picked by a secret key, the 8 with the lowest
 * ping, the 4 that most recently gave us a new transaction, up to 8 block-relay peers (no transaction relay, the
 * services we want) that most recently gave us a block, the 4 that most recently gave us a new block, and half of the
 * rest by connection age, up to half of those reserved for peers on disadvantaged networks (CJDNS, I2P, localhost,
 * Tor) that lose on ping. Among what is left, discouraged peers go first; then the youngest connection of the network
 * group with the most connections is evicted, so one address range cannot crowd out others. Noban peers are never
 * evicted.
 */
public final class Eviction {
    /** What eviction looks at of a connection (bitcoind's NodeEvictionCandidate). */
    record Candidate(long id, long connectedAt, long minPing, long lastBlock, long lastTx, boolean relevantServices,
                            boolean relaysTxs, boolean bloomFilter, long keyedNetGroup, boolean preferEvict, boolean local,
                            String network) {
        static Candidate of(Peer p, long groupKey, Predicate<Peer> preferEvict) {
            long services = p.version().map(v -> v.services()).orElse(0L);
            long wanted = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
            InetAddress a = p.remote().getAddress();
            return new Candidate(p.id(), p.connectedAtMillis(), p.minPingMicros(), p.lastBlockMillis(), p.lastTxMillis(),
                    (services & wanted) == wanted, p.relaysTxs(), p.bloomFilter().isPresent(),
                    keyedGroup(groupKey, a), preferEvict.test(p), a != null && (a.isLoopbackAddress() || a.isAnyLocalAddress()),
                    Eviction.network(p));
        }
    }

    private Eviction() {
    }

    /**
     * The inbound peer to evict from {@code peers}, if any may go. {@code groupKey} is the node's secret for keying
     * network groups; {@code preferEvict} marks peers to evict first (discouraged addresses).
     */
    public static Optional<Peer> choose(List<Peer> peers, long groupKey, Predicate<Peer> preferEvict) {
        List<Candidate> candidates = new ArrayList<>();
        Map<Long, Peer> byId = new LinkedHashMap<>();
        for (Peer p : peers) {
            if (!p.inbound() || p.permissions().has(NetPermission.NOBAN)) continue;
            candidates.add(Candidate.of(p, groupKey, preferEvict));
            byId.put(p.id(), p);
        }
        return select(candidates).map(c -> byId.get(c.id()));
    }

    /** bitcoind's SelectNodeToEvict over prepared candidates. */
    static Optional<Candidate> select(List<Candidate> candidates) {
        List<Candidate> c = new ArrayList<>(candidates);
        eraseLast(c, Comparator.comparingLong(Candidate::keyedNetGroup), 4, x -> true);
        eraseLast(c, Comparator.comparingLong(Candidate::minPing).reversed(), 8, x -> true);
        eraseLast(c, Comparator.comparingLong(Candidate::lastTx)
                .thenComparing(Candidate::relaysTxs)
                .thenComparing(x -> !x.bloomFilter())
                .thenComparing(Comparator.comparingLong(Candidate::connectedAt).reversed()), 4, x -> true);
        eraseLast(c, Comparator.comparing((Candidate x) -> !x.relaysTxs())
                .thenComparingLong(Candidate::lastBlock)
                .thenComparing(Candidate::relevantServices)
                .thenComparing(Comparator.comparingLong(Candidate::connectedAt).reversed()), 8,
                x -> !x.relaysTxs() && x.relevantServices());
        eraseLast(c, Comparator.comparingLong(Candidate::lastBlock)
                .thenComparing(Candidate::relevantServices)
                .thenComparing(Comparator.comparingLong(Candidate::connectedAt).reversed()), 4, x -> true);
        protectByRatio(c);
        if (c.isEmpty()) return Optional.empty();
        if (c.stream().anyMatch(Candidate::preferEvict)) c.removeIf(x -> !x.preferEvict());
        // Youngest first (the order protectByRatio left), so each group's first member is its youngest.
        c.sort(Comparator.comparingLong(Candidate::connectedAt).reversed());
        Map<Long, List<Candidate>> groups = new LinkedHashMap<>();
        long most = 0;
        int mostCount = 0;
        long mostTime = Long.MIN_VALUE;
        for (Candidate x : c) {
            List<Candidate> g = groups.computeIfAbsent(x.keyedNetGroup(), k -> new ArrayList<>());
            g.add(x);
            long groupTime = g.get(0).connectedAt();
            if (g.size() > mostCount || (g.size() == mostCount && groupTime > mostTime)) {
                mostCount = g.size();
                mostTime = groupTime;
                most = x.keyedNetGroup();
            }
        }
        return Optional.of(groups.get(most).get(0));
    }

    /**
     * bitcoind's ProtectEvictionCandidatesByRatio: half of the candidates are protected by connection age, and up to
     * half of those slots go first to the longest-connected peers of the disadvantaged networks, the network with
     * the fewest candidates first.
     */
    private static void protectByRatio(List<Candidate> c) {
        int totalProtect = c.size() / 2;
        record Net(String name, Predicate<Candidate> member) {
        }
        List<Net> nets = new ArrayList<>(List.of(new Net("cjdns", x -> x.network().equals("cjdns")),
                new Net("i2p", x -> x.network().equals("i2p")), new Net("local", Candidate::local),
                new Net("onion", x -> x.network().equals("onion"))));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Net n : nets) counts.put(n.name(), (int) c.stream().filter(n.member()).count());
        nets.sort(Comparator.comparingInt(n -> counts.get(n.name())));
        int maxByNetwork = totalProtect / 2;
        int protectedCount = 0;
        while (protectedCount < maxByNetwork) {
            long networks = nets.stream().filter(n -> counts.get(n.name()) > 0).count();
            if (networks == 0) break;
            int perNetwork = (int) Math.max((maxByNetwork - protectedCount) / networks, 1);
            boolean any = false;
            for (Net n : nets) {
                if (counts.get(n.name()) == 0) continue;
                int before = c.size();
                eraseLast(c, Comparator.comparing((Candidate x) -> n.member().test(x))
                        .thenComparing(Comparator.comparingLong(Candidate::connectedAt).reversed()), perNetwork, n.member());
                int delta = before - c.size();
                if (delta > 0) {
                    any = true;
                    protectedCount += delta;
                    if (protectedCount >= maxByNetwork) break;
                    counts.put(n.name(), counts.get(n.name()) - delta);
                }
            }
            if (!any) break;
        }
        eraseLast(c, Comparator.comparingLong(Candidate::connectedAt).reversed(), totalProtect - protectedCount, x -> true);
    }

    /**
     * bitcoind's EraseLastKElements: sorts by {@code order} (best last) and removes, among the last {@code k}, those
     * matching {@code protectable}.
     */
    private static void eraseLast(List<Candidate> c, Comparator<Candidate> order, int k, Predicate<Candidate> protectable) {
        c.sort(order);
        int from = Math.max(0, c.size() - Math.max(0, k));
        List<Candidate> tail = c.subList(from, c.size());
        tail.removeIf(protectable);
    }

    /** The peer's network as eviction distinguishes them, from the address it was reached at. */
    private static String network(Peer p) {
        String target = p.target();
        if (target.contains(".onion")) return "onion";
        if (target.contains(".b32.i2p")) return "i2p";
        InetAddress a = p.remote().getAddress();
        if (a != null && a.getAddress().length == 16 && (a.getAddress()[0] & 0xff) == 0xfc) return "cjdns";
        return a != null && a.getAddress().length == 16 ? "ipv6" : "ipv4";
    }

    /**
     * bitcoind's nKeyedNetGroup: the network group under SipHash with the node's secret, so that an attacker cannot
     * tell which groups are protected.
     */
    static long keyedGroup(long key, InetAddress a) {
        byte[] group = (a == null ? "" : group(a)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return SipHash24.hash(key, ~key, group);
    }

    /** /16 for IPv4, /32 for IPv6, as the address manager groups addresses. */
    static String group(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? (b[0] & 0xff) + "." + (b[1] & 0xff) : String.format("%02x%02x:%02x%02x", b[0], b[1], b[2], b[3]);
    }
}
