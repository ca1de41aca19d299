package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.Peer;
import dev.blocksmith.p2p.peer.ServiceFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Transaction relay: fetch announced transactions, hand them to the mempool, announce accepted ones by inv
 * (by wtxid to BIP339 peers, honouring BIP133 fee filters), and keep a bounded orphan pool of transactions
 * whose parents are missing, retried when a parent is accepted. Runs only on the network event loop.
 */
public final class TxRelay {
    private static final Logger log = LoggerFactory.getLogger(TxRelay.class);
    /** Core's DEFAULT_MAX_ORPHAN_TRANSACTIONS. */
    public static final int MAX_ORPHANS = 100;
    /** Orphans above this weight are not kept (Core's MAX_STANDARD_TX_WEIGHT). */
    public static final int MAX_ORPHAN_WEIGHT = 400_000;
    private static final int MAX_RECENT_REJECTS = 50_000;
    /** Outstanding transaction requests per peer (Core's MAX_PEER_TX_ANNOUNCEMENTS). */
    public static final int MAX_PEER_TX_REQUESTS = 5_000;
    /** Core's GETDATA_TX_INTERVAL: after this long another announcer is asked. */
    private static final long TX_REQUEST_TIMEOUT_MILLIS = 60_000;

    private final MempoolBackend mempool;
    private final ChainBackend chain;
    private final PeerNetwork net;
    /** wtxid -> orphan, insertion ordered so that the oldest is evicted first. */
    private final Map<Sha256Hash, Orphan> orphans = new LinkedHashMap<>();
    private final Set<Sha256Hash> recentRejects = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Hash, Boolean> eldest) {
            return size() > MAX_RECENT_REJECTS;
        }
    });

    /** Transaction hash -> when it was last requested from some peer; bounded, oldest first out. */
    private final Map<Sha256Hash, Long> requestedAt = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Hash, Long> eldest) {
            return size() > MAX_RECENT_REJECTS;
        }
    };

    /** {@code announcers}: ids of every peer that sent or announced it (Core's orphanage keeps them all). */
    private record Orphan(Transaction tx, Peer from, java.util.Set<Long> announcers) {
        Orphan(Transaction tx, Peer from) {
            this(tx, from, new java.util.LinkedHashSet<>(List.of(from.id())));
        }
    }

    public TxRelay(MempoolBackend mempool, ChainBackend chain, PeerNetwork net) {
        this.mempool = mempool;
        this.chain = chain;
        this.net = net;
    }

    public long minRelayFeeRatePerKvB() {
        return mempool.minRelayFeeRatePerKvB();
    }

    public int orphanCount() {
        return orphans.size();
    }

    /** An orphan as getorphantxs shows it: the transaction and the id of the peer it came from. */
    public record OrphanView(Transaction tx, List<Long> fromPeers) {
        public OrphanView {
            fromPeers = List.copyOf(fromPeers);
        }
    }

    /** The orphan pool, oldest first (getorphantxs). Call on the network thread. */
    public List<OrphanView> orphans() {
        return orphans.values().stream().map(o -> new OrphanView(o.tx(), List.copyOf(o.announcers()))).toList();
    }

    public void onTxInv(Peer peer, List<InvItem> items) {
        if (chain.isInitialBlockDownload() || !peer.relaysTxs()) return;
        long now = net.nowMillis();
        List<InvItem> wanted = new ArrayList<>();
        for (InvItem item : items) {
            // BIP339: once wtxid relay is negotiated, txid announcements are ignored (and vice versa).
            if (peer.wtxidRelay() != (item.type() == InvType.MSG_WTX)) continue;
            Sha256Hash h = item.hash();
            // As Core's txdownloadman: an announcement of an orphan we hold adds the peer as an announcer.
            Orphan held = orphans.get(h);
            if (held != null) held.announcers().add(peer.id());
            if (mempool.contains(h) || recentRejects.contains(h) || orphans.containsKey(h) || peer.requestedTxs().contains(h)) continue;
            // One peer at a time per transaction (Core's TxRequestTracker): others are asked only if the
            // first has not delivered within the request timeout.
            Long askedAt = requestedAt.get(h);
            if (askedAt != null && now - askedAt < TX_REQUEST_TIMEOUT_MILLIS) continue;
            if (peer.requestedTxs().size() >= MAX_PEER_TX_REQUESTS) break;
            peer.requestedTxs().add(h);
            requestedAt.put(h, now);
            wanted.add(new InvItem(requestType(peer), h));
        }
        if (!wanted.isEmpty()) peer.send(new Message.GetData(wanted), now);
    }

    /**
     * bitcoind's getdata type for an announced transaction: MSG_WTX to a BIP339 peer; otherwise MSG_TX,
     * with the witness flag only if the peer serves witnesses (NODE_WITNESS, bitcoind's GetFetchFlags).
     */
    static int requestType(Peer peer) {
        return peer.wtxidRelay() ? InvType.MSG_WTX : txidRequestType(peer);
    }

    public void onTx(Peer peer, Transaction tx) {
        peer.requestedTxs().remove(tx.wtxid());
        peer.requestedTxs().remove(tx.txid());
        requestedAt.remove(tx.wtxid());
        requestedAt.remove(tx.txid());
        if (mempool.contains(tx.wtxid()) || recentRejects.contains(tx.wtxid())) return;
        process(tx, Optional.of(peer));
    }

    /** A disconnected peer's pending requests may go to other announcers right away. */
    public void onDisconnected(Peer peer) {
        for (Sha256Hash h : peer.requestedTxs()) requestedAt.remove(h);
        peer.requestedTxs().clear();
    }

    /** The peer does not have what we asked for: forget those requests. */
    public void onNotFound(Peer peer, List<InvItem> items) {
        for (InvItem item : items) {
            if (InvType.isTx(item.type()) && peer.requestedTxs().remove(item.hash())) requestedAt.remove(item.hash());
        }
    }

    /** Submits a locally created transaction (sendrawtransaction) and announces it if accepted. */
    public MempoolBackend.TxResult submitLocal(Transaction tx) {
        return process(tx, Optional.empty());
    }

    /** Announces a transaction that entered the mempool by another path (e.g. the wallet). */
    public void announceAccepted(Transaction tx, long feeRatePerKvB) {
        announce(tx, feeRatePerKvB, Optional.empty());
    }

    private MempoolBackend.TxResult process(Transaction tx, Optional<Peer> from) {
        MempoolBackend.TxResult result = mempool.accept(tx);
        switch (result) {
            case MempoolBackend.TxResult.Accepted accepted -> {
                from.ifPresent(p -> p.lastTxMillis(net.nowMillis()));
                announce(tx, accepted.feeRatePerKvB(), from);
                retryOrphans(tx.txid());
            }
            case MempoolBackend.TxResult.MissingInputs ignored -> from.ifPresent(p -> onOrphan(tx, p));
            case MempoolBackend.TxResult.Rejected rejected -> {
                rememberRejected(tx, rejected.kind());
                logRejected(tx, from, rejected.reason());
            }
        }
        return result;
    }

    /**
     * bitcoind's recent-rejects filter: the wtxid names exactly the bytes that failed (without witness data it
     * equals the txid, so txid announcements are covered too). A witness-stripped failure leaves no entry:
     * the txid also names the transaction with its witness, which may be valid. A failure that does not
     * depend on the witness also rejects the txid.
     */
    private void rememberRejected(Transaction tx, MempoolBackend.RejectKind kind) {
        if (kind == MempoolBackend.RejectKind.WITNESS_STRIPPED) return;
        recentRejects.add(tx.wtxid());
        if (kind == MempoolBackend.RejectKind.INPUTS_NOT_STANDARD) recentRejects.add(tx.txid());
    }

    private static void logRejected(Transaction tx, Optional<Peer> from, String reason) {
        // bitcoind's text: tests read "was not accepted: <reason>" from debug.log.
        if (from.isPresent()) {
            log.debug("{} (wtxid={}) from peer={} was not accepted: {}", tx.txid(), tx.wtxid(), from.get().id(), reason);
        } else {
            log.debug("Rejected tx {}: {}", tx.txid(), reason);
        }
    }

    /**
     * bitcoind's orphan handling: an orphan with a parent known to be rejected cannot become valid, so it and
     * its txid are remembered as rejected; otherwise it is kept and its missing parents are requested by txid
     * from the peer that sent it (orphan resolution: a wtxid-relay peer is asked by txid too, as the child
     * names its parents only by txid).
     */
    private void onOrphan(Transaction tx, Peer from) {
        Set<Sha256Hash> parents = new java.util.LinkedHashSet<>();
        for (TxIn in : tx.inputs()) parents.add(in.prevout().txid());
        for (Sha256Hash parent : parents) {
            if (recentRejects.contains(parent)) {
                log.debug("not keeping orphan with rejected parents {} (wtxid={})", tx.txid(), tx.wtxid());
                recentRejects.add(tx.txid());
                recentRejects.add(tx.wtxid());
                return;
            }
        }
        addOrphan(tx, from);
        long now = net.nowMillis();
        List<InvItem> wanted = new ArrayList<>();
        for (Sha256Hash parent : parents) {
            if (mempool.contains(parent) || hasOrphanWithTxid(parent) || from.requestedTxs().contains(parent)) continue;
            if (from.requestedTxs().size() >= MAX_PEER_TX_REQUESTS) break;
            from.requestedTxs().add(parent);
            requestedAt.put(parent, now);
            wanted.add(new InvItem(txidRequestType(from), parent));
        }
        if (!wanted.isEmpty()) from.send(new Message.GetData(wanted), now);
    }

    private boolean hasOrphanWithTxid(Sha256Hash txid) {
        for (Orphan o : orphans.values()) {
            if (o.tx().txid().equals(txid)) return true;
        }
        return false;
    }

    /** bitcoind's request by txid: MSG_TX, with the witness flag if the peer serves witnesses (GetFetchFlags). */
    private static int txidRequestType(Peer peer) {
        long services = peer.version().map(Message.Version::services).orElse(0L);
        return (services & ServiceFlags.NODE_WITNESS) != 0 ? InvType.MSG_WITNESS_TX : InvType.MSG_TX;
    }

    private void addOrphan(Transaction tx, Peer from) {
        if (tx.weight() > MAX_ORPHAN_WEIGHT || orphans.containsKey(tx.wtxid())) return;
        orphans.put(tx.wtxid(), new Orphan(tx, from));
        if (orphans.size() > MAX_ORPHANS) {
            Iterator<Sha256Hash> it = orphans.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    private void retryOrphans(Sha256Hash parentTxid) {
        Deque<Sha256Hash> parents = new ArrayDeque<>(List.of(parentTxid));
        while (!parents.isEmpty()) {
            Sha256Hash parent = parents.poll();
            for (Orphan o : List.copyOf(orphans.values())) {
                if (!spends(o.tx(), parent)) continue;
                MempoolBackend.TxResult r = mempool.accept(o.tx());
                if (r instanceof MempoolBackend.TxResult.MissingInputs) continue;
                orphans.remove(o.tx().wtxid());
                if (r instanceof MempoolBackend.TxResult.Accepted a) {
                    announce(o.tx(), a.feeRatePerKvB(), Optional.of(o.from()));
                    parents.add(o.tx().txid());
                } else if (r instanceof MempoolBackend.TxResult.Rejected rejected) {
                    // bitcoind logs why a reconsidered orphan failed (p2p_invalid_tx reads the reason).
                    log.debug("   invalid orphan tx {} from peer={}. {}", o.tx().txid(), o.from().id(), rejected.reason());
                    rememberRejected(o.tx(), rejected.kind());
                }
            }
        }
    }

    private static boolean spends(Transaction tx, Sha256Hash txid) {
        for (TxIn in : tx.inputs()) {
            if (in.prevout().txid().equals(txid)) return true;
        }
        return false;
    }

    private void announce(Transaction tx, long feeRate, Optional<Peer> from) {
        long now = net.nowMillis();
        for (Peer peer : net.peers()) {
            if (from.isPresent() && from.get() == peer) continue;
            if (!peer.handshakeComplete() || !peer.relaysTxs() || feeRate < peer.feeFilterPerKvB()) continue;
            InvItem item = peer.wtxidRelay() ? new InvItem(InvType.MSG_WTX, tx.wtxid()) : new InvItem(InvType.MSG_TX, tx.txid());
            peer.send(new Message.Inv(List.of(item)), now);
        }
    }

    /** Serves a transaction request; false if we do not have it. */
    public boolean serveTx(Peer peer, InvItem item) {
        Optional<Transaction> tx = mempool.get(item.hash());
        if (tx.isEmpty()) return false;
        // MSG_TX asks by txid and wants the legacy serialization; MSG_WTX and MSG_WITNESS_TX want witnesses.
        if (item.type() == InvType.MSG_WTX ? !tx.get().wtxid().equals(item.hash()) : !tx.get().txid().equals(item.hash())) {
            return false;
        }
        peer.send(new Message.Tx(tx.get(), item.type() != InvType.MSG_TX), net.nowMillis());
        mempool.served(tx.get());
        return true;
    }
}
