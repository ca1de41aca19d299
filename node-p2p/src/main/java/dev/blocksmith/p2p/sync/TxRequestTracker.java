package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.crypto.SipHash24;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * bitcoind's TxRequestTracker: which peer to ask for each announced transaction, and when. Every announcement
 * (peer, hash) becomes requestable at its own time (later for peers we do not prefer, for txid announcements and for
 * peers with many requests open: the caller sets it). At most one request per hash is open at a time; it goes to the
 * best requestable announcer (preferred peers first, then an order salted per node, so a peer cannot arrange to be
 * asked), and when it is answered with notfound, expires, or its peer disconnects, the next best is asked. Times are
 * the node's clock in milliseconds (mockable); a clock moved back makes due announcements wait again. Not thread-safe:
 * call on the network thread.
 */
final class TxRequestTracker {
    /** An announced hash and how it was announced (by wtxid or txid), as returned for requesting. */
    record Request(Sha256Hash hash, boolean wtxid) {
    }

    /** A request that expired unanswered. */
    record Expired(long peer, Sha256Hash hash, boolean wtxid) {
    }

    private enum State { DELAYED, READY, REQUESTED, COMPLETED }

    private static final class Announcement {
        final Sha256Hash hash;
        final boolean wtxid;
        final long peer;
        final long priority;
        final long sequence;
        long reqTime;
        long expiry;
        State state = State.DELAYED;

        Announcement(Sha256Hash hash, boolean wtxid, long peer, long priority, long sequence, long reqTime) {
            this.hash = hash;
            this.wtxid = wtxid;
            this.peer = peer;
            this.priority = priority;
            this.sequence = sequence;
            this.reqTime = reqTime;
        }
    }

    private final Map<Sha256Hash, List<Announcement>> byHash = new HashMap<>();
    private final Map<Long, Map<Sha256Hash, Announcement>> byPeer = new HashMap<>();
    private final long k0;
    private final long k1;
    private long nextSequence;
    /** The earliest time an announcement becomes due or a request expires; no scan is needed before it. */
    private long nextEvent = Long.MIN_VALUE;
    private long lastNow = Long.MIN_VALUE;

    TxRequestTracker(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /**
     * bitcoind's PriorityComputer: preferred announcers rank above all others; among equals, a hash of the transaction
     * and the peer under the node's secret decides. Higher is better.
     */
    private long priority(Sha256Hash hash, long peer, boolean preferred) {
        byte[] data = new byte[40];
        hash.copyInto(data, 0);
        for (int i = 0; i < 8; i++) data[32 + i] = (byte) (peer >>> (8 * i));
        long low = SipHash24.hash(k0, k1, data) >>> 1;
        return preferred ? low | Long.MIN_VALUE : low;
    }

    /** A peer announced {@code hash}; ignored if it already did. Requestable from {@code reqTime} on. */
    void receivedInv(long peer, Sha256Hash hash, boolean wtxid, boolean preferred, long reqTime) {
        Map<Sha256Hash, Announcement> mine = byPeer.computeIfAbsent(peer, p -> new LinkedHashMap<>());
        if (mine.containsKey(hash)) return;
        Announcement a = new Announcement(hash, wtxid, peer, priority(hash, peer, preferred), nextSequence++, reqTime);
        mine.put(hash, a);
        byHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(a);
        nextEvent = Math.min(nextEvent, reqTime);
    }

    /**
     * What to ask {@code peer} for now, in the order it announced them: the hashes whose best requestable announcer
     * it is and that nobody is being asked for. Requests that expired by {@code now} are added to {@code expired}.
     */
    List<Request> requestable(long peer, long now, List<Expired> expired) {
        advance(now, expired);
        Map<Sha256Hash, Announcement> mine = byPeer.get(peer);
        if (mine == null) return List.of();
        List<Announcement> chosen = new ArrayList<>();
        for (Announcement a : mine.values()) {
            if (a.state != State.READY) continue;
            if (best(a.hash).filter(b -> b == a).isPresent()) chosen.add(a);
        }
        chosen.sort(Comparator.comparingLong(a -> a.sequence));
        List<Request> out = new ArrayList<>(chosen.size());
        for (Announcement a : chosen) out.add(new Request(a.hash, a.wtxid));
        return out;
    }

    /** The announcer to ask for {@code hash}: none while a request is open, else the ready one of highest priority. */
    private Optional<Announcement> best(Sha256Hash hash) {
        Announcement best = null;
        for (Announcement a : byHash.getOrDefault(hash, List.of())) {
            if (a.state == State.REQUESTED) return Optional.empty();
            if (a.state == State.READY && (best == null || Long.compareUnsigned(a.priority, best.priority) > 0)) best = a;
        }
        return Optional.ofNullable(best);
    }

    /** bitcoind's SetTimePoint: due announcements become ready, overdue requests expire, a clock moved back delays. */
    private void advance(long now, List<Expired> expired) {
        // Nothing can change before the next due time, unless the clock went back (mock time).
        if (now >= lastNow && now < nextEvent) {
            lastNow = now;
            return;
        }
        lastNow = now;
        long next = Long.MAX_VALUE;
        List<Sha256Hash> touched = new ArrayList<>();
        for (List<Announcement> list : byHash.values()) {
            for (Announcement a : list) {
                if (a.state == State.DELAYED && a.reqTime <= now) {
                    a.state = State.READY;
                } else if (a.state == State.READY && a.reqTime > now) {
                    a.state = State.DELAYED;
                } else if (a.state == State.REQUESTED && a.expiry <= now) {
                    a.state = State.COMPLETED;
                    expired.add(new Expired(a.peer, a.hash, a.wtxid));
                    touched.add(a.hash);
                }
                if (a.state == State.DELAYED) next = Math.min(next, a.reqTime);
                if (a.state == State.REQUESTED) next = Math.min(next, a.expiry);
            }
        }
        nextEvent = next;
        for (Sha256Hash h : touched) dropIfAllCompleted(h);
    }

    /** The request for {@code hash} went to {@code peer}; it expires at {@code expiry}. */
    void requested(long peer, Sha256Hash hash, long expiry) {
        Announcement a = byPeer.getOrDefault(peer, Map.of()).get(hash);
        if (a == null) return;
        a.state = State.REQUESTED;
        a.expiry = expiry;
        nextEvent = Math.min(nextEvent, expiry);
    }

    /** The peer answered for {@code hash} (the transaction or notfound): another announcer may be asked. */
    void receivedResponse(long peer, Sha256Hash hash) {
        Announcement a = byPeer.getOrDefault(peer, Map.of()).get(hash);
        if (a == null) return;
        a.state = State.COMPLETED;
        dropIfAllCompleted(hash);
    }

    /** The peer is gone, and with it its announcements. */
    void disconnectedPeer(long peer) {
        Map<Sha256Hash, Announcement> mine = byPeer.remove(peer);
        if (mine == null) return;
        for (Announcement a : mine.values()) {
            List<Announcement> list = byHash.get(a.hash);
            if (list == null) continue;
            list.remove(a);
            if (list.isEmpty()) byHash.remove(a.hash);
            else dropIfAllCompleted(a.hash);
        }
    }

    /** We have the transaction or will never want it: nobody is asked for it any more. */
    void forgetTxHash(Sha256Hash hash) {
        List<Announcement> list = byHash.remove(hash);
        if (list == null) return;
        for (Announcement a : list) {
            Map<Sha256Hash, Announcement> mine = byPeer.get(a.peer);
            if (mine != null) {
                mine.remove(hash);
                if (mine.isEmpty()) byPeer.remove(a.peer);
            }
        }
    }

    /** bitcoind keeps no hash whose announcements are all completed: a new announcement starts afresh. */
    private void dropIfAllCompleted(Sha256Hash hash) {
        List<Announcement> list = byHash.get(hash);
        if (list != null && list.stream().allMatch(a -> a.state == State.COMPLETED)) forgetTxHash(hash);
    }

    /** The peers with an announcement of any of {@code hashes} not yet completed (bitcoind's GetCandidatePeers). */
    List<Long> candidatePeers(Sha256Hash... hashes) {
        List<Long> out = new ArrayList<>();
        for (Sha256Hash h : hashes) {
            for (Announcement a : byHash.getOrDefault(h, List.of())) {
                if (a.state != State.COMPLETED && !out.contains(a.peer)) out.add(a.peer);
            }
        }
        return out;
    }

    /** Requests open to the peer (bitcoind's CountInFlight). */
    int countInFlight(long peer) {
        int n = 0;
        for (Announcement a : byPeer.getOrDefault(peer, Map.of()).values()) if (a.state == State.REQUESTED) n++;
        return n;
    }

    /** Announcements of the peer in any state (bitcoind's Count). */
    int count(long peer) {
        return byPeer.getOrDefault(peer, Map.of()).size();
    }

    /** All announcements tracked. */
    int size() {
        int n = 0;
        for (List<Announcement> list : byHash.values()) n += list.size();
        return n;
    }

    /** Whether any announcement of {@code hash} is tracked. */
    boolean tracks(Sha256Hash hash) {
        return byHash.containsKey(hash);
    }
}
