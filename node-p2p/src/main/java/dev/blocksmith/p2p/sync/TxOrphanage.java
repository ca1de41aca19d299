package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Transactions whose inputs are unknown, kept until a parent arrives (bitcoind 30's TxOrphanage). Each
 * (transaction, announcing peer) pair is one announcement; an orphan stays while it has an announcer.
 * There is no fixed count: the orphanage is trimmed only when the whole exceeds its global limits — a
 * latency score (announcements plus a tenth of each orphan's inputs) of {@link #MAX_GLOBAL_LATENCY_SCORE},
 * and {@link #RESERVED_USAGE_PER_PEER} weight per announcing peer — by evicting the oldest announcements
 * of the peer using most of its share, so no peer can push out another peer's orphans. Runs only on the
 * network event loop.
 */
final class TxOrphanage {
    private static final Logger log = LoggerFactory.getLogger(TxOrphanage.class);
    /** bitcoind's DEFAULT_MAX_ORPHANAGE_LATENCY_SCORE. */
    static final int MAX_GLOBAL_LATENCY_SCORE = 3000;
    /** bitcoind's DEFAULT_RESERVED_ORPHAN_WEIGHT_PER_PEER. */
    static final long RESERVED_USAGE_PER_PEER = 404_000;
    /** Orphans above this weight are not kept (bitcoind's MAX_STANDARD_TX_WEIGHT). */
    static final int MAX_ORPHAN_WEIGHT = 400_000;

    /** One orphan and its announcers, with the order in which each announced it. */
    private static final class Entry {
        final Transaction tx;
        final Map<Long, Long> announcerSequence = new LinkedHashMap<>();

        Entry(Transaction tx) {
            this.tx = tx;
        }

        int weight() {
            return tx.weight();
        }

        /** bitcoind counts a tenth of the inputs once per orphan, on top of one per announcement. */
        int inputScore() {
            return tx.inputs().size() / 10;
        }
    }

    /** Per-peer totals (bitcoind's PeerDoSInfo). */
    private static final class PeerUsage {
        long weight;
        int announcements;
    }

    private final Map<Sha256Hash, Entry> byWtxid = new LinkedHashMap<>();
    private final Map<OutPoint, Set<Sha256Hash>> bySpentOutpoint = new HashMap<>();
    private final Map<Long, PeerUsage> peers = new HashMap<>();
    private long nextSequence;
    private int announcements;
    private long uniqueWeight;
    private int uniqueInputScore;

    int size() {
        return byWtxid.size();
    }

    boolean contains(Sha256Hash wtxid) {
        return byWtxid.containsKey(wtxid);
    }

    /** Whether an orphan with this txid is held (bitcoind's HaveTxToReconsider/HaveTx by txid). */
    boolean containsTxid(Sha256Hash txid) {
        for (Entry e : byWtxid.values()) {
            if (e.tx.txid().equals(txid)) return true;
        }
        return false;
    }

    /** The orphans with their announcers, oldest first (getorphantxs). */
    List<TxRelay.OrphanView> view() {
        List<TxRelay.OrphanView> out = new ArrayList<>();
        for (Entry e : byWtxid.values()) out.add(new TxRelay.OrphanView(e.tx, List.copyOf(e.announcerSequence.keySet())));
        return out;
    }

    /**
     * Adds an orphan announced by {@code peer} (bitcoind's AddTx), or the peer as one more announcer.
     *
     * @return true if the transaction is new to the orphanage
     */
    boolean add(Transaction tx, long peer) {
        int weight = tx.weight();
        if (weight > MAX_ORPHAN_WEIGHT) {
            log.debug("ignoring large orphan tx (size: {}, txid: {}, wtxid: {})", weight, tx.txid(), tx.wtxid());
            return false;
        }
        Entry e = byWtxid.get(tx.wtxid());
        if (e != null) {
            addAnnouncer(tx.wtxid(), peer);
            return false;
        }
        e = new Entry(tx);
        byWtxid.put(tx.wtxid(), e);
        for (TxIn in : tx.inputs()) bySpentOutpoint.computeIfAbsent(in.prevout(), k -> new LinkedHashSet<>()).add(tx.wtxid());
        uniqueWeight += weight;
        uniqueInputScore += e.inputScore();
        announce(e, peer);
        log.debug("stored orphan tx {} (wtxid={}), weight: {} (mapsz {} outsz {})", tx.txid(), tx.wtxid(), weight,
                announcements, bySpentOutpoint.size());
        return true;
    }

    /** An orphan we hold was announced by another peer (bitcoind's AddAnnouncer); false if we do not hold it. */
    boolean addAnnouncer(Sha256Hash wtxid, long peer) {
        Entry e = byWtxid.get(wtxid);
        if (e == null || e.announcerSequence.containsKey(peer)) return false;
        announce(e, peer);
        log.debug("added peer={} as announcer of orphan tx {} (wtxid={})", peer, e.tx.txid(), wtxid);
        return true;
    }

    private void announce(Entry e, long peer) {
        e.announcerSequence.put(peer, nextSequence++);
        PeerUsage u = peers.computeIfAbsent(peer, k -> new PeerUsage());
        u.weight += e.weight();
        u.announcements++;
        announcements++;
    }

    /** Removes an orphan with all its announcements (bitcoind's EraseTx); false if it was not held. */
    boolean erase(Sha256Hash wtxid) {
        Entry e = byWtxid.remove(wtxid);
        if (e == null) return false;
        for (Long peer : List.copyOf(e.announcerSequence.keySet())) dropAnnouncement(e, peer);
        forget(e);
        log.debug("removed orphan tx {} (wtxid={})", e.tx.txid(), wtxid);
        return true;
    }

    private void forget(Entry e) {
        for (TxIn in : e.tx.inputs()) {
            Set<Sha256Hash> spenders = bySpentOutpoint.get(in.prevout());
            if (spenders != null && spenders.remove(e.tx.wtxid()) && spenders.isEmpty()) bySpentOutpoint.remove(in.prevout());
        }
        uniqueWeight -= e.weight();
        uniqueInputScore -= e.inputScore();
    }

    private void dropAnnouncement(Entry e, long peer) {
        if (e.announcerSequence.remove(peer) == null) return;
        announcements--;
        PeerUsage u = peers.get(peer);
        u.weight -= e.weight();
        if (--u.announcements == 0) peers.remove(peer);
    }

    /**
     * A peer disconnected (bitcoind's EraseForPeer): its announcements go; orphans nobody else
     * announced go with them.
     */
    void eraseForPeer(long peer) {
        int erased = 0;
        for (Entry e : List.copyOf(byWtxid.values())) {
            if (!e.announcerSequence.containsKey(peer)) continue;
            dropAnnouncement(e, peer);
            erased++;
            if (e.announcerSequence.isEmpty()) {
                byWtxid.remove(e.tx.wtxid());
                forget(e);
            }
        }
        if (erased > 0) log.debug("Erased {} orphan transaction(s) from peer={}", erased, peer);
    }

    /**
     * A block was connected (bitcoind's EraseForBlock): orphans spending an output the block spends are
     * either in it or in conflict with it.
     */
    void eraseForBlock(List<Transaction> blockTxs) {
        Set<Sha256Hash> doomed = new LinkedHashSet<>();
        for (Transaction tx : blockTxs) {
            for (TxIn in : tx.inputs()) doomed.addAll(bySpentOutpoint.getOrDefault(in.prevout(), Set.of()));
        }
        int erased = 0;
        for (Sha256Hash wtxid : doomed) erased += erase(wtxid) ? 1 : 0;
        if (erased > 0) log.debug("Erased {} orphan transaction(s) included or conflicted by block", erased);
    }

    /** Orphans spending an output of {@code parent}, oldest first: to be tried again now that it is known. */
    List<Orphan> childrenOf(Transaction parent) {
        Set<Sha256Hash> children = new LinkedHashSet<>();
        for (int i = 0; i < parent.outputs().size(); i++) {
            children.addAll(bySpentOutpoint.getOrDefault(new OutPoint(parent.txid(), i), Set.of()));
        }
        List<Orphan> out = new ArrayList<>();
        for (Sha256Hash wtxid : children) {
            Entry e = byWtxid.get(wtxid);
            out.add(new Orphan(e.tx, e.announcerSequence.keySet().iterator().next()));
        }
        return out;
    }

    /**
     * Orphans spending an output of {@code parent} that {@code peer} announced, newest announcement first
     * (bitcoind's GetChildrenFromSamePeer): the candidates for a 1-parent-1-child package with it. Only the
     * same peer's children count, so that nobody else's fake children can crowd out the real one.
     */
    List<Transaction> childrenFromSamePeer(Transaction parent, long peer) {
        Set<Sha256Hash> children = new LinkedHashSet<>();
        for (int i = 0; i < parent.outputs().size(); i++) {
            children.addAll(bySpentOutpoint.getOrDefault(new OutPoint(parent.txid(), i), Set.of()));
        }
        List<Entry> fromPeer = new ArrayList<>();
        for (Sha256Hash wtxid : children) {
            Entry e = byWtxid.get(wtxid);
            if (e != null && e.announcerSequence.containsKey(peer)) fromPeer.add(e);
        }
        fromPeer.sort(Comparator.comparingLong((Entry e) -> e.announcerSequence.get(peer)).reversed());
        List<Transaction> out = new ArrayList<>(fromPeer.size());
        for (Entry e : fromPeer) out.add(e.tx);
        return out;
    }

    /** An orphan to reconsider, with the peer whose announcement it is reconsidered for. */
    record Orphan(Transaction tx, long peer) {
    }

    /** bitcoind's TotalLatencyScore. */
    int latencyScore() {
        return announcements + uniqueInputScore;
    }

    private boolean needsTrim() {
        return latencyScore() > MAX_GLOBAL_LATENCY_SCORE || uniqueWeight > RESERVED_USAGE_PER_PEER * Math.max(1, peers.size());
    }

    /**
     * bitcoind's LimitOrphans: while a global limit is exceeded, the peer with the highest share of
     * its allowance (announcements against the global score split between the announcing peers, or
     * weight against its reservation; the later peer on a tie) loses its oldest announcement.
     */
    void limit() {
        if (!needsTrim()) return;
        int before = byWtxid.size();
        int maxPeerScore = MAX_GLOBAL_LATENCY_SCORE / Math.max(1, peers.size());
        int erased = 0;
        while (needsTrim() && !peers.isEmpty()) {
            long worst = peers.entrySet().stream()
                    .max(Comparator.<Map.Entry<Long, PeerUsage>>comparingDouble(
                                    en -> Math.max(en.getValue().announcements / (double) maxPeerScore,
                                            en.getValue().weight / (double) RESERVED_USAGE_PER_PEER))
                            .thenComparing(Map.Entry::getKey))
                    .orElseThrow().getKey();
            TreeMap<Long, Entry> bySequence = new TreeMap<>();
            for (Entry e : byWtxid.values()) {
                Long seq = e.announcerSequence.get(worst);
                if (seq != null) bySequence.put(seq, e);
            }
            Entry oldest = bySequence.firstEntry().getValue();
            dropAnnouncement(oldest, worst);
            erased++;
            if (oldest.announcerSequence.isEmpty()) {
                byWtxid.remove(oldest.tx.wtxid());
                forget(oldest);
            }
        }
        log.debug("orphanage overflow, removed {} tx ({} announcements)", before - byWtxid.size(), erased);
    }

    /** The transaction of a held orphan. */
    Optional<Transaction> get(Sha256Hash wtxid) {
        return Optional.ofNullable(byWtxid.get(wtxid)).map(e -> e.tx);
    }
}
