package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.mempool.RelayInfo;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.NetPermission;
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
import java.util.random.RandomGenerator;

/**
 * Transaction relay: fetch announced transactions, hand them to the mempool, queue accepted ones for
 * each peer and announce them by inv on bitcoind's trickle schedule (by wtxid to BIP339 peers, honouring
 * BIP133 fee filters), serve only what was announced, and keep the orphanage of transactions whose
 * parents are missing, retried when a parent is accepted. Runs only on the network event loop.
 */
public final class TxRelay {
    private static final Logger log = LoggerFactory.getLogger(TxRelay.class);
    private static final int MAX_RECENT_REJECTS = 50_000;
    /** Announcements tracked per peer (bitcoind's MAX_PEER_TX_ANNOUNCEMENTS); beyond, its invs are ignored. */
    public static final int MAX_PEER_TX_ANNOUNCEMENTS = 5_000;
    /** bitcoind's MAX_PEER_TX_REQUEST_IN_FLIGHT: past this many open requests a peer's new announcements wait longer. */
    static final int MAX_PEER_TX_REQUEST_IN_FLIGHT = 100;
    /** bitcoind's GETDATA_TX_INTERVAL: after this long unanswered, another announcer is asked. */
    static final long GETDATA_TX_INTERVAL_MILLIS = 60_000;
    /** bitcoind's NONPREF_PEER_TX_DELAY, TXID_RELAY_DELAY and OVERLOADED_PEER_TX_DELAY. */
    static final long NONPREF_PEER_TX_DELAY_MILLIS = 2_000;
    static final long TXID_RELAY_DELAY_MILLIS = 2_000;
    static final long OVERLOADED_PEER_TX_DELAY_MILLIS = 2_000;
    /** bitcoind's MAX_GETDATA_SZ: entries in one getdata message. */
    private static final int MAX_GETDATA_SIZE = 1000;

    /** bitcoind's INBOUND_INVENTORY_BROADCAST_INTERVAL: the mean gap between trickles to inbound peers. */
    static final long INBOUND_INVENTORY_BROADCAST_INTERVAL_MILLIS = 5_000;
    /** bitcoind's OUTBOUND_INVENTORY_BROADCAST_INTERVAL: outbound peers are less of a privacy concern. */
    static final long OUTBOUND_INVENTORY_BROADCAST_INTERVAL_MILLIS = 2_000;
    /** bitcoind's INVENTORY_BROADCAST_PER_SECOND times the inbound interval: announcements per trickle. */
    static final int INVENTORY_BROADCAST_TARGET = 7 * 5;
    /** bitcoind's INVENTORY_BROADCAST_MAX. */
    static final int INVENTORY_BROADCAST_MAX = 1000;
    /** bitcoind's MAX_INV_SZ: entries in one inv message. */
    private static final int MAX_INV_SIZE = 50_000;

    private final MempoolBackend mempool;
    private final ChainBackend chain;
    private final PeerNetwork net;
    private final RandomGenerator random;
    /** One trickle schedule shared by all inbound peers (bitcoind's m_next_inv_to_inbounds), so they cannot tell timing apart. */
    private long nextInvToInboundsMillis;
    private final TxOrphanage orphans = new TxOrphanage();
    private final Set<Sha256Hash> recentRejects = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Hash, Boolean> eldest) {
            return size() > MAX_RECENT_REJECTS;
        }
    });
    /**
     * bitcoind's m_lazy_recent_rejects_reconsiderable: wtxids refused only for their fee rate, and parent+child
     * packages refused together. Such a transaction is not fetched or tried alone again, but a parent in it is
     * tried with a child from the orphanage.
     */
    private final Set<String> reconsiderableRejects = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_RECENT_REJECTS;
        }
    });

    /** bitcoind's m_lazy_recent_confirmed_transactions: txids and wtxids of recently confirmed transactions. */
    private final Set<Sha256Hash> recentConfirmed = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Hash, Boolean> eldest) {
            return size() > MAX_RECENT_CONFIRMED;
        }
    });
    private static final int MAX_RECENT_CONFIRMED = 48_000;
    private Optional<Sha256Hash> lastTip = Optional.empty();
    /** Who is asked for which announced transaction, and when (bitcoind's TxRequestTracker). */
    private final TxRequestTracker requests;


    public TxRelay(MempoolBackend mempool, ChainBackend chain, PeerNetwork net) {
        this(mempool, chain, net, new java.security.SecureRandom());
    }

    /** With a given source of randomness for the trickle delays (tests). */
    public TxRelay(MempoolBackend mempool, ChainBackend chain, PeerNetwork net, RandomGenerator random) {
        this.mempool = mempool;
        this.chain = chain;
        this.net = net;
        this.random = random;
        this.requests = new TxRequestTracker(random.nextLong(), random.nextLong());
    }

    /**
     * Where transactions from peers that did not enter the mempool go for compact block reconstruction (bitcoind's
     * AddToCompactExtraTransactions: orphans and rejected ones). Set once before the network starts.
     */
    public void compactExtra(dev.blocksmith.p2p.cmpct.ExtraTransactions extra) {
        this.compactExtra = java.util.Optional.of(extra);
    }

    private java.util.Optional<dev.blocksmith.p2p.cmpct.ExtraTransactions> compactExtra = java.util.Optional.empty();

    public long minRelayFeeRatePerKvB() {
        return mempool.minRelayFeeRatePerKvB();
    }

    public long mempoolMinFeeRatePerKvB() {
        return mempool.mempoolMinFeeRatePerKvB();
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
        return orphans.view();
    }

    public void onTxInv(Peer peer, List<InvItem> items) {
        if (chain.isInitialBlockDownload() || !peer.relaysTxs()) return;
        long now = net.nowMillis();
        for (InvItem item : items) {
            // BIP339: once wtxid relay is negotiated, txid announcements are ignored (and vice versa).
            if (peer.wtxidRelay() != (item.type() == InvType.MSG_WTX)) continue;
            Sha256Hash h = item.hash();
            // The peer has it: never announce it back (bitcoind's AddKnownTx).
            peer.txInventoryKnown().add(h);
            // As Core's txdownloadman: an announcement of an orphan we hold adds the peer as an announcer, and so as
            // a peer to ask for the orphan's missing parents.
            if (peer.wtxidRelay() && orphans.addAnnouncer(h, peer.id())) {
                orphans.get(h).ifPresent(orphan -> addParentRequests(orphan, peer, now));
            }
            if (alreadyHave(h, true)) continue;
            addAnnouncement(peer, h, peer.wtxidRelay(), now);
        }
        requestTransactions(peer);
    }

    /**
     * bitcoind's AlreadyHaveTx: in the mempool, the orphanage (by wtxid only: an orphan with the same txid may carry
     * another witness), a reject filter or recently confirmed.
     */
    private boolean alreadyHave(Sha256Hash h, boolean includeReconsiderable) {
        return mempool.contains(h) || recentRejects.contains(h) || orphans.contains(h) || recentConfirmed.contains(h)
                || (includeReconsiderable && reconsiderableRejects.contains(h.toString()));
    }

    /**
     * bitcoind's AddTxAnnouncement: the peer becomes a candidate to be asked for {@code hash}, at once if it is a
     * preferred download peer, two seconds later otherwise; two more for a txid announcement while wtxid-relay
     * peers exist (they would announce the same by wtxid), two more if it already has many requests open. A peer
     * with too many announcements tracked is ignored, unless it has the relay permission.
     */
    private void addAnnouncement(Peer peer, Sha256Hash hash, boolean wtxid, long now) {
        boolean relayPermission = peer.permissions().has(NetPermission.RELAY);
        if (!relayPermission && requests.count(peer.id()) >= MAX_PEER_TX_ANNOUNCEMENTS) return;
        requests.receivedInv(peer.id(), hash, wtxid, SyncManager.preferredDownload(peer), now + announcementDelay(peer, wtxid));
    }

    private long announcementDelay(Peer peer, boolean wtxid) {
        long delay = 0;
        if (!SyncManager.preferredDownload(peer)) delay += NONPREF_PEER_TX_DELAY_MILLIS;
        if (!wtxid && net.peers().stream().anyMatch(Peer::wtxidRelay)) delay += TXID_RELAY_DELAY_MILLIS;
        boolean overloaded = !peer.permissions().has(NetPermission.RELAY)
                && requests.countInFlight(peer.id()) >= MAX_PEER_TX_REQUEST_IN_FLIGHT;
        if (overloaded) delay += OVERLOADED_PEER_TX_DELAY_MILLIS;
        return delay;
    }

    /**
     * bitcoind's transaction getdata in SendMessages: the announcements due for this peer are requested (the
     * expired requests of others are logged), unless we got the transaction meanwhile.
     */
    public void requestTransactions(Peer peer) {
        if (!peer.handshakeComplete()) return;
        long now = net.nowMillis();
        List<TxRequestTracker.Expired> expired = new ArrayList<>();
        List<TxRequestTracker.Request> due = requests.requestable(peer.id(), now, expired);
        for (TxRequestTracker.Expired e : expired) {
            log.debug("timeout of inflight {} {} from peer={}", e.wtxid() ? "wtx" : "tx", e.hash(), e.peer());
        }
        List<InvItem> wanted = new ArrayList<>();
        for (TxRequestTracker.Request r : due) {
            // A parent refused for its fee rate may still be wanted, for a package with its orphaned child.
            if (alreadyHave(r.hash(), false)) {
                requests.forgetTxHash(r.hash());
                continue;
            }
            log.debug("Requesting {} {} peer={}", r.wtxid() ? "wtx" : "tx", r.hash(), peer.id());
            wanted.add(new InvItem(r.wtxid() ? InvType.MSG_WTX : txidRequestType(peer), r.hash()));
            requests.requested(peer.id(), r.hash(), now + GETDATA_TX_INTERVAL_MILLIS);
            if (wanted.size() >= MAX_GETDATA_SIZE) {
                peer.send(new Message.GetData(wanted), now);
                wanted = new ArrayList<>();
            }
        }
        if (!wanted.isEmpty()) peer.send(new Message.GetData(wanted), now);
    }

    public void onTx(Peer peer, Transaction tx) {
        // bitcoind stops here during initial block download: we cannot validate it yet, and sending it unasked is
        // no misbehaviour.
        if (chain.isInitialBlockDownload()) return;
        peer.txInventoryKnown().add(peer.wtxidRelay() ? tx.wtxid() : tx.txid());
        requests.receivedResponse(peer.id(), tx.txid());
        requests.receivedResponse(peer.id(), tx.wtxid());
        try {
            handleTx(peer, tx);
        } finally {
            // Accepted, refused or kept as an orphan: nobody is asked for it again (bitcoind's ForgetTxHash).
            requests.forgetTxHash(tx.txid());
            requests.forgetTxHash(tx.wtxid());
        }
    }

    private void handleTx(Peer peer, Transaction tx) {
        boolean known = mempool.contains(tx.wtxid()) || recentRejects.contains(tx.wtxid());
        boolean reconsiderable = !known && reconsiderableRejects.contains(tx.wtxid().toString());
        if ((known || reconsiderable) && peer.permissions().has(NetPermission.FORCERELAY)) {
            // bitcoind relays what a forcerelay peer sends even when it is no news to us, so that a node can be the
            // gateway of nodes behind it; but never a transaction that is not in our mempool.
            if (!mempool.contains(tx.txid())) {
                log.info("Not relaying non-mempool transaction {} (wtxid={}) from forcerelay peer={}", tx.txid(), tx.wtxid(), peer.id());
            } else {
                log.info("Force relaying tx {} (wtxid={}) from peer={}", tx.txid(), tx.wtxid(), peer.id());
                announce(tx);
            }
        }
        if (known) return;
        if (reconsiderable) {
            // Not tried alone again, but perhaps with a child this peer sent us (bitcoind's ReceivedTx).
            log.debug("found tx {} (wtxid={}) in reconsiderable rejects, looking for child in orphanage", tx.txid(), tx.wtxid());
            findOnePackage(tx, peer).ifPresent(child -> processPackage(tx, child, peer));
            return;
        }
        process(tx, Optional.of(peer));
    }

    /**
     * A disconnected peer's pending requests may go to other announcers right away; its orphan
     * announcements go (bitcoind's EraseForPeer).
     */
    public void onDisconnected(Peer peer) {
        orphans.eraseForPeer(peer.id());
        requests.disconnectedPeer(peer.id());
    }

    /** The peer does not have what we asked for: another announcer may be asked at once. */
    public void onNotFound(Peer peer, List<InvItem> items) {
        for (InvItem item : items) {
            if (InvType.isTx(item.type())) requests.receivedResponse(peer.id(), item.hash());
        }
    }

    /** Submits a locally created transaction (sendrawtransaction) and announces it if accepted. */
    public MempoolBackend.TxResult submitLocal(Transaction tx) {
        return process(tx, Optional.empty());
    }

    /** Announces a transaction that entered the mempool by another path (e.g. the wallet). */
    public void announceAccepted(Transaction tx) {
        announce(tx);
    }

    private MempoolBackend.TxResult process(Transaction tx, Optional<Peer> from) {
        MempoolBackend.TxResult result = mempool.accept(tx);
        switch (result) {
            case MempoolBackend.TxResult.Accepted accepted -> {
                from.ifPresent(p -> p.lastTxMillis(net.nowMillis()));
                announce(tx);
                retryOrphans(tx);
            }
            case MempoolBackend.TxResult.MissingInputs ignored -> from.ifPresent(p -> {
                // bitcoind's ProcessInvalidTx logs every invalid state, TX_MISSING_INPUTS too, before orphan handling.
                logRejected(tx, from, "bad-txns-inputs-missingorspent");
                compactExtra.ifPresent(x -> x.add(tx));
                onOrphan(tx, p);
            });
            case MempoolBackend.TxResult.Rejected rejected -> {
                if (from.isPresent()) compactExtra.ifPresent(x -> x.add(tx));
                rememberRejected(tx, rejected.kind());
                logRejected(tx, from, rejected.reason());
                if (rejected.kind() == MempoolBackend.RejectKind.RECONSIDERABLE && from.isPresent()) {
                    // A child of this peer's may pay for it (bitcoind's Find1P1CPackage on a first failure).
                    log.debug("tx {} (wtxid={}) failed but reconsiderable, looking for child in orphanage", tx.txid(), tx.wtxid());
                    findOnePackage(tx, from.get()).ifPresent(child -> processPackage(tx, child, from.get()));
                }
            }
        }
        return result;
    }

    /** bitcoind's GetPackageHash, as a key: the wtxids in sorted order. */
    private static String packageKey(Transaction parent, Transaction child) {
        String a = parent.wtxid().toString();
        String b = child.wtxid().toString();
        return a.compareTo(b) < 0 ? a + b : b + a;
    }

    /**
     * bitcoind's Find1P1CPackage: the newest orphan from the same peer spending {@code parent} whose package
     * with it was not refused before and that was not itself rejected.
     */
    private Optional<Transaction> findOnePackage(Transaction parent, Peer peer) {
        for (Transaction child : orphans.childrenFromSamePeer(parent, peer.id())) {
            if (!reconsiderableRejects.contains(packageKey(parent, child)) && !recentRejects.contains(child.txid())) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /**
     * Submits a low-fee parent with its orphaned child as a package and handles each result as bitcoind's
     * ProcessPackageResult: child first, so the orphanage no longer holds it when the parent's accepted
     * children are retried.
     */
    private void processPackage(Transaction parent, Transaction child, Peer from) {
        MempoolBackend.PackageOutcome outcome = mempool.acceptPackage(List.of(parent, child));
        log.debug("package evaluation for parent {} (wtxid={}), child {} (wtxid={}) from peer={}: {}", parent.txid(),
                parent.wtxid(), child.txid(), child.wtxid(), from.id(), outcome.accepted() ? "package accepted" : "package rejected");
        if (!outcome.accepted()) reconsiderableRejects.add(packageKey(parent, child));
        for (Transaction tx : List.of(child, parent)) {
            MempoolBackend.TxResult r = outcome.results().get(tx.wtxid());
            if (r == null) continue;
            switch (r) {
                case MempoolBackend.TxResult.Accepted a -> {
                    from.lastTxMillis(net.nowMillis());
                    orphans.erase(tx.wtxid());
                    announce(tx);
                    retryOrphans(tx);
                }
                case MempoolBackend.TxResult.Rejected rejected -> {
                    rememberRejected(tx, rejected.kind());
                    orphans.erase(tx.wtxid());
                }
                case MempoolBackend.TxResult.MissingInputs m -> { }
            }
        }
    }

    /**
     * bitcoind's recent-rejects filter: the wtxid names exactly the bytes that failed (without witness data it
     * equals the txid, so txid announcements are covered too). A witness-stripped failure leaves no entry:
     * the txid also names the transaction with its witness, which may be valid. A failure that does not
     * depend on the witness also rejects the txid.
     */
    private void rememberRejected(Transaction tx, MempoolBackend.RejectKind kind) {
        if (kind == MempoolBackend.RejectKind.WITNESS_STRIPPED) return;
        if (kind == MempoolBackend.RejectKind.RECONSIDERABLE) {
            reconsiderableRejects.add(tx.wtxid().toString());
            return;
        }
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
     * bitcoind's handling of TX_MISSING_INPUTS: an orphan none of whose parents we rejected is kept in the
     * orphanage (trimmed to its limits) and its missing parents are requested by txid from the peer that sent
     * it (orphan resolution: a wtxid-relay peer is asked by txid too, as the child names its parents only by
     * txid); one with a rejected parent can never be valid, so it is rejected for good under txid and wtxid.
     */
    private void onOrphan(Transaction tx, Peer from) {
        addOrphan(tx, from);
        if (!orphans.contains(tx.wtxid())) return;
        long now = net.nowMillis();
        addParentRequests(tx, from, now);
        // Every peer that announced it may have its parents too (bitcoind's GetCandidatePeers): each becomes an
        // announcer of the orphan and a candidate to ask for the parents.
        for (long id : requests.candidatePeers(tx.txid(), tx.wtxid())) {
            if (id == from.id()) continue;
            for (Peer p : net.peers()) {
                if (p.id() == id && orphans.addAnnouncer(tx.wtxid(), id)) addParentRequests(tx, p, now);
            }
        }
    }

    /**
     * bitcoind's MaybeAddOrphanResolutionCandidate: the peer is treated as having announced the orphan's missing
     * parents by txid, with the delays of an announcement (a parent that arrives meanwhile is never asked for).
     */
    private void addParentRequests(Transaction orphan, Peer peer, long now) {
        Set<Sha256Hash> parents = new java.util.LinkedHashSet<>();
        for (TxIn in : orphan.inputs()) {
            if (!alreadyHave(in.prevout().txid(), false)) parents.add(in.prevout().txid());
        }
        if (parents.isEmpty()) return;
        boolean relayPermission = peer.permissions().has(NetPermission.RELAY);
        if (!relayPermission && requests.count(peer.id()) + parents.size() > MAX_PEER_TX_ANNOUNCEMENTS) return;
        long delay = 0;
        if (!SyncManager.preferredDownload(peer)) delay += NONPREF_PEER_TX_DELAY_MILLIS;
        if (net.peers().stream().anyMatch(Peer::wtxidRelay)) delay += TXID_RELAY_DELAY_MILLIS;
        if (!relayPermission && requests.countInFlight(peer.id()) >= MAX_PEER_TX_REQUEST_IN_FLIGHT) delay += OVERLOADED_PEER_TX_DELAY_MILLIS;
        for (Sha256Hash parent : parents) {
            requests.receivedInv(peer.id(), parent, false, SyncManager.preferredDownload(peer), now + delay);
        }
        log.debug("added peer={} as a candidate for resolving orphan {}", peer.id(), orphan.wtxid());
    }

    /** bitcoind's request by txid: MSG_TX, with the witness flag if the peer serves witnesses (GetFetchFlags). */
    private static int txidRequestType(Peer peer) {
        long services = peer.version().map(Message.Version::services).orElse(0L);
        return (services & ServiceFlags.NODE_WITNESS) != 0 ? InvType.MSG_WITNESS_TX : InvType.MSG_TX;
    }

    /** Keeps an orphan in the orphanage unless one of its parents was rejected (then it is rejected too). */
    private void addOrphan(Transaction tx, Peer from) {
        if (recentRejects.contains(tx.wtxid())) return;
        Set<Sha256Hash> parents = new java.util.TreeSet<>();
        for (TxIn in : tx.inputs()) parents.add(in.prevout().txid());
        // One parent refused for its fee rate alone is fine: the orphan may pay for it as a 1p1c package.
        boolean reconsiderableParent = false;
        for (Sha256Hash parent : parents) {
            boolean rejectedParent = recentRejects.contains(parent);
            if (!rejectedParent && reconsiderableRejects.contains(parent.toString()) && !mempool.contains(parent)) {
                rejectedParent = reconsiderableParent;
                reconsiderableParent = true;
            }
            if (rejectedParent) {
                log.debug("not keeping orphan with rejected parents {} (wtxid={})", tx.txid(), tx.wtxid());
                recentRejects.add(tx.txid());
                recentRejects.add(tx.wtxid());
                return;
            }
        }
        orphans.add(tx, from.id());
        orphans.limit();
    }

    /**
     * A transaction entered the mempool: its orphaned children are tried again (bitcoind's work sets,
     * done at once here), and so on down the generations. An orphan that still misses inputs stays; one
     * accepted or rejected leaves the orphanage.
     */
    private void retryOrphans(Transaction accepted) {
        Deque<Transaction> parents = new ArrayDeque<>(List.of(accepted));
        while (!parents.isEmpty()) {
            for (TxOrphanage.Orphan o : orphans.childrenOf(parents.poll())) {
                if (!orphans.contains(o.tx().wtxid())) continue; // erased while an earlier sibling was handled
                MempoolBackend.TxResult r = mempool.accept(o.tx());
                if (r instanceof MempoolBackend.TxResult.MissingInputs) continue;
                orphans.erase(o.tx().wtxid());
                if (r instanceof MempoolBackend.TxResult.Accepted) {
                    log.debug("   accepted orphan tx {} (wtxid={})", o.tx().txid(), o.tx().wtxid());
                    announce(o.tx());
                    parents.add(o.tx());
                } else if (r instanceof MempoolBackend.TxResult.Rejected rejected) {
                    // bitcoind logs why a reconsidered orphan failed (p2p_invalid_tx reads the reason).
                    log.debug("   invalid orphan tx {} (wtxid={}) from peer={}. {}", o.tx().txid(), o.tx().wtxid(), o.peer(), rejected.reason());
                    rememberRejected(o.tx(), rejected.kind());
                }
            }
        }
    }

    /**
     * The active tip moved to {@code tip}, connecting {@code connected} ({@code blocks}: those of them read back).
     * As bitcoind's txdownloadman: the blocks' transactions count as recently confirmed and are not fetched again,
     * their orphans and conflicts go; a block disconnected empties the recently-confirmed filter; and out of initial
     * block download every new tip empties the reject filters, since what was refused may be valid now.
     */
    public void onTipChanged(Sha256Hash tip, List<dev.blocksmith.core.block.BlockHeader> connected,
                             List<dev.blocksmith.core.block.Block> blocks, boolean initialBlockDownload) {
        boolean disconnected = lastTip.isPresent()
                && (connected.isEmpty() || !connected.get(0).prevHash().equals(lastTip.get()));
        if (disconnected) recentConfirmed.clear();
        lastTip = Optional.of(tip);
        for (dev.blocksmith.core.block.Block b : blocks) {
            orphans.eraseForBlock(b.transactions());
            for (Transaction tx : b.transactions()) {
                recentConfirmed.add(tx.txid());
                if (tx.hasWitness()) recentConfirmed.add(tx.wtxid());
                requests.forgetTxHash(tx.txid());
                requests.forgetTxHash(tx.wtxid());
            }
        }
        if (!initialBlockDownload) {
            recentRejects.clear();
            reconsiderableRejects.clear();
        }
    }

    /** Whether any orphan is held (so connected blocks need be read only then). */
    public boolean hasOrphans() {
        return orphans.size() > 0;
    }


    /**
     * bitcoind's RelayTransaction: queues the transaction for every peer with transaction relay whose
     * first trickle has happened (so arrival during the handshake is not leaked) and that does not
     * know it already. The announcement itself goes out with the peer's next trickle.
     */
    private void announce(Transaction tx) {
        for (Peer peer : net.peers()) {
            if (!peer.hasTxRelay() || peer.nextInvSendMillis() == 0) continue;
            Sha256Hash hash = peer.wtxidRelay() ? tx.wtxid() : tx.txid();
            if (!peer.txInventoryKnown().contains(hash)) peer.txInventoryToSend().add(hash);
        }
    }

    /**
     * bitcoind's ReattemptInitialBroadcast: every transaction submitted here that no peer has fetched
     * yet is queued for announcement again; one that left the mempool is forgotten.
     */
    public void reattemptInitialBroadcast() {
        for (Sha256Hash txid : mempool.unbroadcast()) {
            Optional<RelayInfo> info = mempool.relayInfo(txid, false);
            if (info.isPresent()) {
                announce(info.get().tx());
            } else {
                mempool.removeUnbroadcast(txid);
            }
        }
    }

    /**
     * The transaction part of bitcoind's SendMessages for one peer, run after each of its messages and
     * periodically: when the peer's trickle time has passed on the node clock (always for noban
     * peers), the queued transactions still in the mempool are announced, parents before children
     * and higher fee rates first, at most {@link #INVENTORY_BROADCAST_TARGET} (more with a long
     * queue, up to {@link #INVENTORY_BROADCAST_MAX}); those below the peer's BIP133 fee filter are
     * dropped. The next trickle is drawn from an exponential distribution: per peer for outbound
     * connections, shared by all inbound ones. Afterwards the peer may fetch anything that was in the
     * mempool at this moment.
     */
    public void sendInventory(Peer peer) {
        if (!peer.handshakeComplete() || !peer.hasTxRelay() || !peer.channel().isActive()) return;
        long now = net.nowMillis();
        boolean trickle = peer.permissions().has(dev.blocksmith.p2p.peer.NetPermission.NOBAN);
        if (peer.nextInvSendMillis() < now) {
            trickle = true;
            peer.nextInvSendMillis(peer.inbound() ? nextInvToInbounds(now)
                    : now + exponentialMillis(OUTBOUND_INVENTORY_BROADCAST_INTERVAL_MILLIS));
        }
        if (!trickle) return;
        if (!peer.relaysTxs()) peer.txInventoryToSend().clear();
        Set<Sha256Hash> queue = peer.txInventoryToSend();
        Optional<dev.blocksmith.p2p.bloom.BloomFilter> bloom = peer.bloomFilter();
        if (peer.sendMempool()) {
            sendMempool(peer, queue, bloom, now);
        }
        int broadcastMax = Math.min(INVENTORY_BROADCAST_MAX, INVENTORY_BROADCAST_TARGET + (queue.size() / 1000) * 5);
        List<Candidate> candidates = new ArrayList<>(queue.size());
        for (Iterator<Sha256Hash> it = queue.iterator(); it.hasNext(); ) {
            Sha256Hash h = it.next();
            Optional<RelayInfo> info = mempool.relayInfo(h, peer.wtxidRelay());
            if (info.isEmpty()) {
                it.remove(); // no longer in the mempool: nothing to announce
            } else {
                candidates.add(new Candidate(h, info.get()));
            }
        }
        candidates.sort(Candidate.ANNOUNCEMENT_ORDER);
        List<InvItem> inv = new ArrayList<>();
        int relayed = 0;
        long filter = peer.feeFilterPerKvB();
        for (Candidate c : candidates) {
            if (relayed >= broadcastMax) break;
            queue.remove(c.hash());
            if (peer.txInventoryKnown().contains(c.hash())) continue;
            // BIP133: the fee this rate asks of the transaction's size, rounded up as bitcoind's CFeeRate.
            if (c.info().fee() < Math.ceilDiv(filter * c.info().vsize(), 1000)) continue;
            // BIP37: only what the peer's filter matches (matching may add the outputs to the filter).
            if (bloom.isPresent() && !bloom.get().isRelevantAndUpdate(c.info().tx())) continue;
            inv.add(new InvItem(peer.wtxidRelay() ? InvType.MSG_WTX : InvType.MSG_TX, c.hash()));
            relayed++;
            peer.txInventoryKnown().add(c.hash());
            if (inv.size() == MAX_INV_SIZE) {
                peer.send(new Message.Inv(List.copyOf(inv)), now);
                inv.clear();
            }
        }
        if (!inv.isEmpty()) peer.send(new Message.Inv(List.copyOf(inv)), now);
        // Whatever the peer could have heard of by now it may fetch (bitcoind's m_last_inv_sequence).
        peer.lastInvSequence(mempool.relaySequence());
    }

    /**
     * BIP35 answer, as bitcoind's: every mempool transaction above the peer's fee filter that its BIP37 filter matches
     * is announced now, and taken off the queue.
     */
    private void sendMempool(Peer peer, Set<Sha256Hash> queue, Optional<dev.blocksmith.p2p.bloom.BloomFilter> bloom, long now) {
        peer.sendMempool(false);
        long filter = peer.feeFilterPerKvB();
        List<InvItem> inv = new ArrayList<>();
        for (Transaction tx : mempool.transactions()) {
            Sha256Hash hash = peer.wtxidRelay() ? tx.wtxid() : tx.txid();
            queue.remove(hash);
            Optional<RelayInfo> info = mempool.relayInfo(hash, peer.wtxidRelay());
            if (info.isEmpty()) continue;
            if (info.get().fee() < Math.ceilDiv(filter * info.get().vsize(), 1000)) continue;
            if (bloom.isPresent() && !bloom.get().isRelevantAndUpdate(tx)) continue;
            peer.txInventoryKnown().add(hash);
            inv.add(new InvItem(peer.wtxidRelay() ? InvType.MSG_WTX : InvType.MSG_TX, hash));
            if (inv.size() == MAX_INV_SIZE) {
                peer.send(new Message.Inv(List.copyOf(inv)), now);
                inv.clear();
            }
        }
        if (!inv.isEmpty()) peer.send(new Message.Inv(List.copyOf(inv)), now);
    }

    /** A queued announcement with what orders it. */
    record Candidate(Sha256Hash hash, RelayInfo info) {
        /**
         * bitcoind's CompareDepthAndScore: fewer in-mempool ancestors first (a parent before its child),
         * then the higher modified fee rate, then the hash.
         */
        static final java.util.Comparator<Candidate> ANNOUNCEMENT_ORDER = (a, b) -> {
            int byDepth = Long.compare(a.info.ancestorCount(), b.info.ancestorCount());
            if (byDepth != 0) return byDepth;
            int byRate = java.math.BigInteger.valueOf(b.info.modifiedFee()).multiply(java.math.BigInteger.valueOf(a.info.vsize()))
                    .compareTo(java.math.BigInteger.valueOf(a.info.modifiedFee()).multiply(java.math.BigInteger.valueOf(b.info.vsize())));
            if (byRate != 0) return byRate;
            return a.hash.compareTo(b.hash);
        };
    }

    /** bitcoind's NextInvToInbounds: the shared inbound schedule moves on only once it has passed. */
    private long nextInvToInbounds(long now) {
        if (nextInvToInboundsMillis < now) {
            nextInvToInboundsMillis = now + exponentialMillis(INBOUND_INVENTORY_BROADCAST_INTERVAL_MILLIS);
        }
        return nextInvToInboundsMillis;
    }

    /** An exponentially distributed delay with the given mean (bitcoind's rand_exp_duration). */
    private long exponentialMillis(long meanMillis) {
        return Math.round(-Math.log1p(-random.nextDouble()) * meanMillis);
    }

    /**
     * Serves a transaction request; false if we do not have it for this peer. As bitcoind's
     * FindTxForGetData, only a transaction that was in the mempool before the last announcement we
     * sent the peer is served, so nobody learns of one faster by asking than by listening.
     */
    public boolean serveTx(Peer peer, InvItem item) {
        if (!peer.hasTxRelay()) return false;
        // MSG_WTX asks by wtxid; MSG_TX and MSG_WITNESS_TX by txid.
        boolean byWtxid = item.type() == InvType.MSG_WTX;
        Optional<Transaction> tx = mempool.relayInfo(item.hash(), byWtxid)
                .filter(i -> i.relaySequence() < peer.lastInvSequence())
                .map(RelayInfo::tx);
        // bitcoind then looks in the most recent block: a transaction just mined is still served.
        if (tx.isEmpty()) tx = recentBlockTransactions.find(item.hash(), byWtxid);
        if (tx.isEmpty()) return false;
        // MSG_TX wants the legacy serialization; MSG_WTX and MSG_WITNESS_TX want witnesses.
        peer.send(new Message.Tx(tx.get(), item.type() != InvType.MSG_TX), net.nowMillis());
        mempool.served(tx.get());
        return true;
    }

    /** Where the transactions of the most recent block are looked up (bitcoind's m_most_recent_block_txs). */
    @FunctionalInterface
    public interface RecentBlockTransactions {
        Optional<Transaction> find(Sha256Hash hash, boolean byWtxid);
    }

    private RecentBlockTransactions recentBlockTransactions = (hash, byWtxid) -> Optional.empty();

    public void recentBlockTransactions(RecentBlockTransactions source) {
        recentBlockTransactions = source;
    }
}
