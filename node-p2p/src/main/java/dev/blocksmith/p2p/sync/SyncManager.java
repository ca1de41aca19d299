package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.BlockMutation;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.message.MessageCodec;
import dev.blocksmith.p2p.peer.NetPermission;
import dev.blocksmith.p2p.traffic.UploadTarget;
import dev.blocksmith.p2p.peer.Peer;
import dev.blocksmith.p2p.peer.ServiceFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Headers-first block synchronisation and block relay. Runs only on the network event loop.
 * <p>
 * Headers: while our best header is old, headers come from one sync peer (replaced if it makes no progress
 * for 15 minutes); once it is recent, every peer is asked, so that blocks can come from all of them.
 * Anti-DoS, checked before anything is stored, from the parent's chain work plus each header's work:
 * <ul>
 *   <li>headers are stored only if their chain reaches bitcoind's anti-DoS threshold: the network's minimum
 *       chain work, and no less than the tip's work minus 144 blocks' worth, so forks near the tip (even with
 *       equal work) are stored and cheap old forks are not;</li>
 *   <li>a shorter-than-full batch below the threshold is ignored (stale forks are legitimate, so there is no
 *       penalty); a full batch below it may continue past it, so the chain is only counted, never stored
 *       ({@link HeaderPresync}, Core's PRESYNC/REDOWNLOAD simplified): once the count reaches the threshold
 *       the same headers are fetched again and stored, checked against salted commitments taken during the
 *       count. A chain that stops short is forgotten.</li>
 * </ul>
 * Every stored header has passed the chain's own PoW and difficulty checks.
 * <p>
 * Blocks: up to {@link #MAX_IN_FLIGHT_PER_PEER} requests per peer inside a {@link #DOWNLOAD_WINDOW}-block
 * window past the fork point of the active chain with the best header chain, from peers whose announced
 * best header lies on that chain. When the window cannot move because its first block is still awaited
 * from one peer for longer than the stalling timeout (2 s, doubled after each stall up to 64 s, as Core's
 * BLOCK_STALLING_TIMEOUT), that peer is disconnected and its requests go to others.
 */
public final class SyncManager {
    private static final Logger log = LoggerFactory.getLogger(SyncManager.class);
    public static final int MAX_IN_FLIGHT_PER_PEER = 16;
    /**
     * Reading from a peer pauses once its blocks waiting for validation reach this many serialized bytes (or
     * {@link #MAX_IN_FLIGHT_PER_PEER} blocks): about one full block validating and one waiting. A parsed block's objects
     * take several times its bytes, and blocks queued any deeper outlive the young generation's survivor spaces while
     * they wait, so the collector promotes them and the old generation grows (the benchmark chain's P2P sync, 1.7 MB
     * blocks: peak RSS 268-271 MiB against 316-321 with up to 16 queued). Validation is the slower side, so the
     * download does not wait on it for want of queued blocks; bitcoind, which validates a block in its message
     * handler, keeps the rest in the socket and a 5 MB receive buffer per peer.
     */
    public static final long MAX_VALIDATING_BYTES_PER_PEER = 2_000_000;
    public static final int DOWNLOAD_WINDOW = 1024;
    /** Core's MAX_BLOCKS_TO_ANNOUNCE: more new blocks than this are announced with inv. */
    public static final int MAX_BLOCKS_TO_ANNOUNCE = 8;
    /** Core's MAX_BLOCKS_IN_TRANSIT... inv answer size for getblocks. */
    public static final int MAX_GETBLOCKS_RESULTS = 500;
    private static final Duration STALL_MIN = Duration.ofSeconds(2);
    private static final Duration STALL_MAX = Duration.ofSeconds(64);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final long MAX_HEADER_AGE_SECONDS = 24 * 60 * 60;
    /** A header-sync peer that sends nothing useful for this long is replaced (Core: HEADERS_DOWNLOAD_TIMEOUT_BASE). */
    private static final Duration HEADER_SYNC_TIMEOUT = Duration.ofMinutes(15);
    /** bitcoind's HEADERS_RESPONSE_TIME: how long a getheaders may stay unanswered before another is sent. */
    private static final Duration HEADERS_RESPONSE_TIME = Duration.ofMinutes(2);

    private final ChainBackend chain;
    private final PeerNetwork net;
    private final int protocolVersion;
    private final Duration blockTimeout;
    /**
     * bitcoind's mapBlocksInFlight: who was asked for each block, first asked first. A block is normally asked
     * of one peer; BIP152 lets up to {@link CompactBlockRelay#MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK} peers send it
     * as a compact block at once.
     */
    private final Map<Sha256Hash, List<Peer>> inFlight = new java.util.LinkedHashMap<>();
    private CompactBlockRelay compact;
    /**
     * bitcoind's mapBlockSource: who sent a block that was stored but not connected (e.g. a side branch
     * with no more work than the tip), so that the peer is punished if the block proves invalid when a
     * later block makes its branch the best. Bounded: the oldest entries go first.
     */
    private final Map<Sha256Hash, Peer> blockSource = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Hash, Peer> eldest) {
            return size() > MAX_BLOCK_SOURCES;
        }
    };
    private static final int MAX_BLOCK_SOURCES = 4096;
    /** Blocks handed to the validation thread and not yet answered. */
    private final Set<Sha256Hash> validating = new HashSet<>();
    private final Executor validator;
    private final Executor loop;
    private Duration stallTimeout = STALL_MIN;
    private final OutboundChainSync outboundChainSync = new OutboundChainSync();
    private Peer headerSyncPeer;
    /** bitcoind's m_last_block_inv_triggering_headers_sync. */
    private Sha256Hash lastBlockInvTriggeringHeadersSync;
    /** Peers whose header chain is being pre-synchronised (below the anti-DoS work threshold). */
    private final Map<Peer, HeaderPresync> presyncs = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private long headerSyncProgressMillis;
    private long lastProgressMillis;
    private int lastProgressHeight = -1;

    /**
     * @param validator runs block validation (one thread, so blocks are submitted in arrival order)
     * @param loop the network event loop, where results are applied
     */
    public SyncManager(ChainBackend chain, PeerNetwork net, int protocolVersion, Duration blockTimeout,
                       Executor validator, Executor loop) {
        this.chain = chain;
        this.validator = validator;
        this.loop = loop;
        this.net = net;
        this.protocolVersion = protocolVersion;
        this.blockTimeout = blockTimeout;
    }

    /** Compact block relay (BIP152); set once before the network starts. */
    public void attach(CompactBlockRelay compact) {
        this.compact = compact;
    }

    // ---- blocks in flight ------------------------------------------------------------------------------

    boolean isInFlight(Sha256Hash hash) {
        return inFlight.containsKey(hash);
    }

    /** The peers asked for the block, first asked first. */
    List<Peer> inFlightFrom(Sha256Hash hash) {
        return inFlight.getOrDefault(hash, List.of());
    }

    /** bitcoind's mapBlocksInFlight.size(): requests outstanding, counting each peer's request of a block. */
    int inFlightRequests() {
        int n = 0;
        for (List<Peer> l : inFlight.values()) n += l.size();
        return n;
    }

    /** bitcoind's BlockRequested: false if the peer was already asked for the block. */
    boolean markInFlight(Sha256Hash hash, Peer peer, long now) {
        List<Peer> from = inFlight.computeIfAbsent(hash, h -> new ArrayList<>(1));
        if (from.contains(peer)) return false;
        from.add(peer);
        peer.blocksInFlight().put(hash, now);
        return true;
    }

    /** bitcoind's RemoveBlockRequest for one peer (with its partially downloaded block). */
    void removeInFlight(Sha256Hash hash, Peer peer) {
        List<Peer> from = inFlight.get(hash);
        if (from != null) {
            from.remove(peer);
            if (from.isEmpty()) inFlight.remove(hash);
        }
        peer.blocksInFlight().remove(hash);
        peer.partialBlocks().remove(hash);
        peer.stallingSinceMillis(0);
    }

    /** bitcoind's RemoveBlockRequest for every peer: the block is stored. */
    void removeInFlight(Sha256Hash hash) {
        List<Peer> from = inFlight.remove(hash);
        if (from == null) return;
        for (Peer p : from) {
            p.blocksInFlight().remove(hash);
            p.partialBlocks().remove(hash);
            p.stallingSinceMillis(0);
        }
    }

    public void onHandshakeComplete(Peer peer) {
        // Far behind, headers come from one peer at a time (as Core) instead of every peer in parallel;
        // once our best header is recent, every new peer is asked so that we learn its chain.
        if (!servesBlocks(peer)) return;
        if (headersCaughtUp() || headerSyncPeer == null) startHeaderSync(peer);
    }

    /** bitcoind's CanServeBlocks: headers sync only with peers that offer blocks (full or pruned). */
    /**
     * bitcoind's fPreferredDownload: an outbound (or noban) peer that is not an addr-fetch connection and serves
     * blocks.
     */
    static boolean preferredDownload(Peer peer) {
        return (!peer.inbound() || peer.permissions().has(NetPermission.NOBAN))
                && peer.type() != dev.blocksmith.p2p.peer.ConnectionType.ADDR_FETCH && servesBlocks(peer);
    }

    private static boolean servesBlocks(Peer peer) {
        // An addr-fetch connection is only asked for addresses: bitcoind syncs neither headers nor blocks with it.
        if (peer.type() == dev.blocksmith.p2p.peer.ConnectionType.ADDR_FETCH) return false;
        long services = peer.version().map(Message.Version::services).orElse(0L);
        return (services & (ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_NETWORK_LIMITED)) != 0;
    }

    private void startHeaderSync(Peer peer) {
        peer.headerSyncRequested(true);
        if (!headersCaughtUp()) {
            headerSyncPeer = peer;
            headerSyncProgressMillis = net.nowMillis();
        }
        requestHeaders(peer, chain.bestHeader().hash());
    }

    /** Core's rule of thumb: the best header is less than a day old, so its chain is about current. */
    private boolean headersCaughtUp() {
        Optional<ChainBackend.HeaderEntry> best = chain.header(chain.bestHeader().hash());
        return best.isPresent() && best.get().header().time() > net.nowMillis() / 1000 - MAX_HEADER_AGE_SECONDS;
    }

    public void onDisconnected(Peer peer) {
        if (peer == headerSyncPeer) headerSyncPeer = null;
        outboundChainSync.disconnected(peer.id());
        endPresync(peer);
        for (Sha256Hash h : List.copyOf(peer.blocksInFlight().keySet())) removeInFlight(h, peer);
        peer.blocksInFlight().clear();
        peer.partialBlocks().clear();
        requestBlocks();
    }

    /**
     * Asks for headers after {@code from}. As Core, the locator starts at its parent, so that a peer with
     * the same tip still answers with one header and thereby tells us what it has.
     */
    private void requestHeaders(Peer peer, Sha256Hash from) {
        Optional<ChainBackend.HeaderEntry> entry = chain.header(from);
        Sha256Hash start = entry.filter(e -> e.height() > 0).map(e -> e.header().prevHash()).orElse(from);
        if (sendGetHeaders(peer, chain.locatorFrom(start))) {
            log.debug("initial getheaders ({}) to peer={} (startheight:{})", entry.map(e -> Math.max(0, e.height() - 1)).orElse(0),
                    peer.id(), peer.version().map(Message.Version::startHeight).orElse(-1));
        }
    }

    /**
     * bitcoind's MaybeSendGetHeaders: at most one getheaders is outstanding per peer; another is sent only
     * after its answer (any headers message) or after two minutes without one.
     */
    private boolean sendGetHeaders(Peer peer, List<Sha256Hash> locator) {
        long now = net.nowMillis();
        if (peer.lastGetHeadersMillis() != 0 && now - peer.lastGetHeadersMillis() < HEADERS_RESPONSE_TIME.toMillis()) {
            log.debug("Not sending getheaders to peer={}: one is outstanding", peer.id());
            return false;
        }
        peer.lastGetHeadersMillis(now);
        peer.send(new Message.GetHeaders(protocolVersion, locator, Sha256Hash.ZERO), now);
        return true;
    }

    // ---- headers -------------------------------------------------------------------------------------

    public void onHeaders(Peer peer, List<BlockHeader> headers) {
        // bitcoind takes an empty or connecting headers message (or a pre-sync continuation) as the answer
        // to our outstanding getheaders; headers that do not connect cannot be one.
        if (headers.isEmpty() || presyncs.containsKey(peer) || chain.header(headers.get(0).prevHash()).isPresent()) {
            peer.lastGetHeadersMillis(0);
        }
        if (headers.isEmpty()) return;
        log.trace("{} headers from peer={}, last {}", headers.size(), peer.id(), headers.get(headers.size() - 1).hash());
        // bitcoind's CheckHeadersPoW: every header must meet its own claimed target before anything else.
        for (BlockHeader h : headers) {
            if (!Difficulty.checkProofOfWork(h.hash(), h.bits(), chain.params().powLimit())) {
                net.misbehaving(peer, "header with invalid proof of work");
                return;
            }
        }
        for (int i = 1; i < headers.size(); i++) {
            if (!headers.get(i).prevHash().equals(headers.get(i - 1).hash())) {
                net.misbehaving(peer, "non-continuous headers sequence");
                return;
            }
        }
        HeaderPresync presync = presyncs.get(peer);
        if (presync != null) {
            continuePresync(peer, presync, headers);
            return;
        }
        BlockHeader last = headers.get(headers.size() - 1);
        Optional<ChainBackend.HeaderEntry> known = chain.header(last.hash());
        if (known.isPresent()) {
            // Nothing new (typically an announcement of a block we already have); learn what the peer has
            // and, after a full batch, keep walking its chain.
            updateBestKnown(peer, known.get());
            peer.unconnectingHeaders(0);
            headersConnected(peer);
            if (headers.size() == MessageCodec.MAX_HEADERS) requestHeadersAfter(peer, known.get().hash());
            directFetch(peer, known.get());
            requestBlocks();
            return;
        }
        Optional<ChainBackend.HeaderEntry> parent = chain.header(headers.get(0).prevHash());
        if (parent.isEmpty()) {
            handleUnconnecting(peer, headers.get(0), headers.get(headers.size() - 1));
            return;
        }
        peer.unconnectingHeaders(0);
        BigInteger work = parent.get().chainWork();
        for (BlockHeader h : headers) work = work.add(Difficulty.work(h.bits()));
        // bitcoind bypasses its anti-DoS work checks for noban peers (trusted, e.g. one's own node at startup).
        boolean trusted = peer.permissions().has(NetPermission.NOBAN);
        BigInteger threshold = antiDosWorkThreshold();
        if (!trusted && work.compareTo(threshold) < 0) {
            // bitcoind's TryLowWorkHeadersSync: a full batch may continue past the threshold, so the chain is
            // pre-synchronised up to it - whether the threshold is the minimum chain work or the tip's work
            // less 144 blocks (a long reorganisation whose first 2000 headers fork far below the tip).
            if (headers.size() < MessageCodec.MAX_HEADERS) {
                log.debug("Ignoring low-work chain (height={}) from peer={}", parent.get().height() + headers.size(), peer.id());
                return;
            }
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            HeaderPresync started = new HeaderPresync(chain.params(), parent.get(), threshold, salt);
            presyncs.put(peer, started);
            log.info("Pre-synchronising headers from {} (its chain has not yet shown the work needed to store it)", peer);
            continuePresync(peer, started, headers);
            return;
        }
        store(peer, headers);
    }

    private void continuePresync(Peer peer, HeaderPresync presync, List<BlockHeader> headers) {
        if (presync.phase() == HeaderPresync.Phase.PRESYNC) {
            if (!headers.get(0).prevHash().equals(presync.lastCounted())) {
                log.debug("Ignoring headers from {} that do not continue its pre-synchronisation", peer);
                return;
            }
            peer.unconnectingHeaders(0);
            Optional<String> failure = presync.count(headers);
            peer.presyncedHeaders(presync.countedHeight());
            if (failure.isPresent()) {
                endPresync(peer);
                net.misbehaving(peer, "invalid header during pre-synchronisation: " + failure.get());
                return;
            }
            if (peer == headerSyncPeer) headerSyncProgressMillis = net.nowMillis();
            if (presync.phase() == HeaderPresync.Phase.REDOWNLOAD) {
                log.info("Headers from {} reach the work needed to store them; downloading them again", peer);
                requestHeadersAfter(peer, presync.forkHash());
            } else if (headers.size() == MessageCodec.MAX_HEADERS) {
                requestHeadersAfter(peer, presync.lastCounted());
            } else {
                endPresync(peer);
                log.info("Ignoring headers from {}: its chain has too little work", peer);
            }
            return;
        }
        Optional<String> failure = presync.verify(headers);
        if (failure.isPresent()) {
            if (headers.get(0).prevHash().equals(presync.forkHash()) || chain.header(headers.get(0).prevHash()).isEmpty()) {
                endPresync(peer);
                net.misbehaving(peer, failure.get());
            } else {
                log.debug("Ignoring headers from {} during redownload: {}", peer, failure.get());
            }
            return;
        }
        if (presync.redownloadComplete()) endPresync(peer);
        if (store(peer, headers) && headers.size() == MessageCodec.MAX_HEADERS && presyncs.containsKey(peer)) {
            requestHeadersAfter(peer, headers.get(headers.size() - 1).hash());
        }
    }

    /** The peer's pre-synchronisation is over (stored, abandoned or the peer is gone). */
    private void endPresync(Peer peer) {
        presyncs.remove(peer);
        peer.presyncedHeaders(-1);
    }

    /**
     * bitcoind's GetAntiDoSWorkThreshold: headers are stored only if their chain has at least the minimum
     * chain work and no less than the tip's work minus 144 blocks' worth, so forks near the tip (including
     * ones with work equal to the tip) are stored and can be fetched, while cheap old forks are not.
     */
    BigInteger antiDosWorkThreshold() {
        ChainBackend.ChainPosition tip = chain.tip();
        BigInteger tipBlockWork = chain.header(tip.hash()).map(e -> Difficulty.work(e.header().bits())).orElse(BigInteger.ZERO);
        BigInteger nearTip = tip.chainWork().subtract(tipBlockWork.multiply(BigInteger.valueOf(144)).min(tip.chainWork()));
        return nearTip.max(chain.params().minimumChainWork());
    }

    /** Asks for the headers following exactly {@code hash} (no step back to its parent). */
    private void requestHeadersAfter(Peer peer, Sha256Hash hash) {
        sendGetHeadersAfter(peer, hash);
    }

    boolean sendGetHeadersAfter(Peer peer, Sha256Hash hash) {
        List<Sha256Hash> locator = chain.header(hash).isPresent() ? chain.locatorFrom(hash) : List.of(hash);
        return sendGetHeaders(peer, locator);
    }

    /** Stores a batch that passed the anti-DoS checks; false if it was refused. */
    private boolean store(Peer peer, List<BlockHeader> headers) {
        switch (chain.acceptHeaders(headers)) {
            case ChainBackend.HeadersResult.Invalid invalid -> {
                net.misbehaving(peer, "invalid header: " + invalid.reason());
                return false;
            }
            case ChainBackend.HeadersResult.Unconnecting ignored -> {
                handleUnconnecting(peer, headers.get(0), headers.get(headers.size() - 1));
                return false;
            }
            case ChainBackend.HeadersResult.Inconclusive inconclusive -> {
                log.debug("Headers from {} not accepted yet: {}", peer, inconclusive.reason());
                return false;
            }
            case ChainBackend.HeadersResult.Accepted accepted -> {
                peer.unconnectingHeaders(0);
                if (peer == headerSyncPeer) headerSyncProgressMillis = net.nowMillis();
                updateBestKnown(peer, accepted.last());
                headersConnected(peer);
                logHeadersProgress(accepted.last());
                if (presyncs.containsKey(peer)) {
                    // Still redownloading: the caller asks for the next batch.
                } else if (headers.size() == MessageCodec.MAX_HEADERS) {
                    // A full batch: the peer has more (Core's "more headers to fetch").
                    requestHeadersAfter(peer, accepted.last().hash());
                } else if (headersCaughtUp()) {
                    syncHeadersWithAllPeers();
                }
                directFetch(peer, accepted.last());
                requestBlocks();
                return true;
            }
        }
    }

    /**
     * bitcoind's header-sync progress line, written after each accepted batch during initial block
     * download: the height of the last header and the share of the chain it reaches, counting one block
     * per target spacing from its time to now (p2p_headers_sync_with_minchainwork reads it).
     */
    private void logHeadersProgress(ChainBackend.HeaderEntry last) {
        // As bitcoind (NotifyHeaderTip), only when the batch moved our best header.
        if (!chain.isInitialBlockDownload() || !chain.bestHeader().hash().equals(last.hash())) return;
        long blocksLeft = Math.max(0, (net.nowMillis() / 1000 - last.header().time()) / chain.params().targetSpacing());
        double progress = 100.0 * last.height() / Math.max(1, last.height() + blocksLeft);
        log.info("Synchronizing blockheaders, height: {} (~{}%)", last.height(), String.format(java.util.Locale.ROOT, "%.2f", progress));
    }

    /**
     * bitcoind's HeadersDirectFetchBlocks: near the tip, the blocks of announced headers whose chain has at
     * least the tip's work are fetched from the announcing peer at once, even on a fork that is not (yet)
     * the best header chain, so that competing blocks are stored and a reorg can happen without delay.
     */
    /** bitcoind's CanDirectFetch: our tip is less than 20 block intervals old. */
    boolean canDirectFetch() {
        Optional<ChainBackend.HeaderEntry> tipEntry = chain.header(chain.tip().hash());
        long nearTipSeconds = 20 * chain.params().targetSpacing();
        return tipEntry.isPresent() && tipEntry.get().header().time() > net.nowMillis() / 1000 - nearTipSeconds;
    }

    private void directFetch(Peer peer, ChainBackend.HeaderEntry last) {
        ChainBackend.ChainPosition tip = chain.tip();
        boolean canDirectFetch = canDirectFetch();
        // bitcoind direct-fetches from any peer that serves witnesses: it just announced the block, so it has
        // it, even without NODE_NETWORK.
        boolean witness = (peer.version().map(Message.Version::services).orElse(0L) & ServiceFlags.NODE_WITNESS) != 0;
        if (!canDirectFetch || last.chainWork().compareTo(tip.chainWork()) < 0 || !witness) {
            log.trace("No direct fetch of {} from peer={} (near tip: {})", last.hash(), peer.id(), canDirectFetch);
            return;
        }
        // Walk back to the active chain, collecting missing blocks nobody was asked for (at most one more
        // than a peer's in-flight limit: a longer way back is a large reorg, left to the parallel download).
        List<Sha256Hash> toFetch = new ArrayList<>();
        Optional<ChainBackend.HeaderEntry> walk = Optional.of(last);
        while (walk.isPresent() && !chain.onActiveChain(walk.get().hash()) && toFetch.size() <= MAX_IN_FLIGHT_PER_PEER) {
            Sha256Hash h = walk.get().hash();
            if (!chain.haveBlock(h) && !isInFlight(h) && !validating.contains(h)) toFetch.add(h);
            walk = chain.header(walk.get().header().prevHash());
        }
        if (walk.isEmpty() || !chain.onActiveChain(walk.get().hash())) {
            log.debug("Large reorg, won't direct fetch to {} ({})", last.hash(), last.height());
            return;
        }
        java.util.Collections.reverse(toFetch);
        long now = net.nowMillis();
        List<InvItem> wanted = new ArrayList<>();
        for (Sha256Hash h : toFetch) {
            if (peer.blocksInFlight().size() >= MAX_IN_FLIGHT_PER_PEER) break;
            wanted.add(new InvItem(InvType.MSG_WITNESS_BLOCK, h));
            markInFlight(h, peer, now);
            log.debug("Requesting block {} from  peer={}", h, peer.id());
        }
        if (wanted.size() > 1) log.debug("Downloading blocks toward {} ({}) via headers direct fetch", last.hash(), last.height());
        // BIP152 low-bandwidth mode: a single new block at the tip is fetched as a compact block when it is the only
        // block in flight and its parent is valid, unless -blocksonly leaves the mempool empty.
        if (wanted.size() == 1 && compact != null && compact.fetchesCompact(peer) && inFlightRequests() == 1
                && chain.header(last.header().prevHash()).map(e -> chain.haveBlock(e.hash())).orElse(false)
                && wanted.get(0).hash().equals(last.hash())) {
            wanted.set(0, new InvItem(InvType.MSG_CMPCT_BLOCK, last.hash()));
        }
        if (!wanted.isEmpty()) peer.send(new Message.GetData(wanted), now);
    }

    /**
     * Headers whose parent we do not know: probably an announcement whose ancestors we lack, so we ask for
     * the chain from our best header (at most one getheaders outstanding). As bitcoind 30, this is not
     * misbehaviour: a peer cannot make us do more than answer it with getheaders now and then.
     */
    private void handleUnconnecting(Peer peer, BlockHeader first, BlockHeader last) {
        peer.unconnectingHeaders(peer.unconnectingHeaders() + 1);
        peer.lastUnknownBlock(last.hash());
        if (sendGetHeadersAfter(peer, chain.bestHeader().hash())) {
            log.debug("received header {}: missing prev block {}, sending getheaders ({}) to end (peer={})",
                    first.hash(), first.prevHash(), chain.bestHeader().height(), peer.id());
        }
    }

    public void onBlockInv(Peer peer, Sha256Hash hash) {
        Optional<ChainBackend.HeaderEntry> known = chain.header(hash);
        if (known.isPresent()) {
            updateBestKnown(peer, known.get());
            requestBlocks();
            return;
        }
        peer.lastUnknownBlock(hash);
        if (peer.headerSyncRequested()) {
            // bitcoind answers an inv of an unknown block from a peer it syncs headers with by a getheaders
            // from its best header (at most one outstanding), the blocks then follow from the headers.
            if (sendGetHeadersAfter(peer, chain.bestHeader().hash())) {
                log.debug("getheaders ({}) {} to peer={}", chain.bestHeader().height(), hash, peer.id());
            }
        } else if (!peer.invTriggeredGetHeaders() && !hash.equals(lastBlockInvTriggeringHeadersSync)) {
            // bitcoind: a peer we do not sync headers with (e.g. one without NODE_NETWORK) gets one
            // inv-triggered getheaders, and each new block turns this on for at most one peer.
            requestHeadersAfter(peer, chain.bestHeader().hash());
            peer.invTriggeredGetHeaders(true);
            lastBlockInvTriggeringHeadersSync = hash;
        }
    }

    // ---- blocks --------------------------------------------------------------------------------------

    /**
     * A block arrived. Validation runs on the validation thread so that the network thread keeps serving
     * peers meanwhile; the outcome comes back to the network thread. A peer with many blocks queued is not
     * read from until the queue shrinks, so nobody can make the validation queue grow without bound.
     */
    public void onBlock(Peer peer, Block block) {
        Sha256Hash hash = block.hash();
        Optional<ChainBackend.HeaderEntry> prev = chain.header(block.header().prevHash());
        if (prev.isPresent()) {
            // bitcoind's IsBlockMutated before anything else: transactions that do not match the header may be a garbled
            // copy of a real block, so only this copy is dropped, its sender punished, and only its own request freed
            // (another peer's download of the real block goes on: p2p_mutated_blocks).
            BlockMutation.Result mutation = BlockMutation.check(block,
                    prev.get().height() + 1 >= chain.params().deployments().segwitHeight());
            if (mutation.mutated()) {
                mutation.state().ifPresent(state -> log.debug("Block mutated: {}", state));
                log.debug("Received mutated block from peer={}", peer.id());
                if (peer.blocksInFlight().containsKey(hash)) removeInFlight(hash, peer);
                net.misbehaving(peer, "mutated block");
                return;
            }
        }
        // bitcoind processes a block it asked anyone for as requested (IsBlockRequested).
        boolean requested = isInFlight(hash);
        removeInFlight(hash, peer);
        if (chain.header(hash).isEmpty()) {
            Optional<ChainBackend.HeaderEntry> parent = chain.header(block.header().prevHash());
            if (parent.isPresent()
                    && parent.get().chainWork().add(Difficulty.work(block.header().bits())).compareTo(antiDosWorkThreshold()) < 0) {
                // bitcoind's min_pow_checked: a new header reached through a block must pass the same anti-DoS
                // work threshold as one in a headers message.
                log.debug("AcceptBlockHeader: not adding new block header {}, missing anti-dos proof-of-work validation", hash);
                return;
            }
        }
        submit(peer, block, requested, false);
    }

    /**
     * A block rebuilt from a compact block: processed as requested, its header already checked (bitcoind's
     * ProcessBlock with force_processing and min_pow_checked). BIP152 lets peers relay a compact block after
     * checking its header only, so an invalid one does not get its sender punished.
     */
    void onCompactBlockReconstructed(Peer peer, Block block) {
        submit(peer, block, true, true);
    }

    private void submit(Peer peer, Block block, boolean requested, boolean viaCompact) {
        Sha256Hash hash = block.hash();
        if (!validating.add(hash)) return;
        int size = block.totalSize();
        peer.blocksValidating(peer.blocksValidating() + 1);
        peer.blockBytesValidating(peer.blockBytesValidating() + size);
        if (validationQueueFull(peer)) {
            // Like bitcoind, which handles one message of a peer at a time, blocks are never dropped (a
            // dropped block would make its children unconnectable); instead the peer is not read from
            // until its queue shrinks, so the validation queue stays bounded.
            peer.channel().config().setAutoRead(false);
        }
        validator.execute(() -> {
            ChainBackend.BlockResult result;
            try {
                result = chain.submitBlock(block, requested);
            } catch (RuntimeException e) {
                log.error("Block {} could not be processed", hash, e);
                result = new ChainBackend.BlockResult.Inconclusive("internal error");
            }
            ChainBackend.BlockResult outcome = result;
            try {
                loop.execute(() -> afterBlock(peer, hash, size, requested, viaCompact, outcome));
            } catch (RejectedExecutionException e) {
                log.debug("Network stopped before block {} was processed", hash);
            }
        });
        requestBlocks();
    }

    /** Whether reading from the peer waits until validation has taken some of its blocks. */
    public static boolean validationQueueFull(Peer peer) {
        return peer.blocksValidating() >= MAX_IN_FLIGHT_PER_PEER || peer.blockBytesValidating() >= MAX_VALIDATING_BYTES_PER_PEER;
    }

    private void afterBlock(Peer peer, Sha256Hash hash, int size, boolean requested, boolean viaCompact,
                            ChainBackend.BlockResult result) {
        validating.remove(hash);
        peer.blocksValidating(peer.blocksValidating() - 1);
        peer.blockBytesValidating(peer.blockBytesValidating() - size);
        switch (result) {
            case ChainBackend.BlockResult.Invalid invalid when viaCompact ->
                    log.debug("Compact block {} from peer={} is invalid: {}", hash, peer.id(), invalid.reason());
            case ChainBackend.BlockResult.Invalid invalid ->
                    net.misbehaving(peer, "invalid block " + hash + ": " + invalid.reason());
            case ChainBackend.BlockResult.Duplicate ignored -> { }
            case ChainBackend.BlockResult.Ignored ignored ->
                    log.debug("Unrequested block {} from peer={} not stored", hash, peer.id());
            case ChainBackend.BlockResult.Inconclusive inconclusive ->
                    log.debug("Block {} from {} not accepted yet: {}", hash, peer, inconclusive.reason());
            case ChainBackend.BlockResult.Accepted ignored -> {
                peer.lastBlockMillis(net.nowMillis());
                // Stored: nobody needs to send it any more (bitcoind's RemoveBlockRequest for every peer).
                removeInFlight(hash);
                if (!chain.onActiveChain(hash)) {
                    if (!viaCompact) blockSource.put(hash, peer);
                } else if (compact != null && !chain.isInitialBlockDownload() && inFlightRequests() == 0) {
                    // bitcoind's BlockChecked: the peer that gave us a new valid tip block first, while no other
                    // block is awaited, becomes a high-bandwidth compact block announcer.
                    compact.maybeSetHighBandwidth(peer);
                }
            }
        }
        // Unlike a header or inv, a block message does not tell what the peer has (bitcoind does not update
        // its block availability from it): an ignored unrequested block must not trigger its own download.
        requestBlocks();
        // Then what the peer sent after the block (bitcoind's in-order handling).
        net.blockProcessed(peer);
    }

    /**
     * A block stored earlier failed to connect (bitcoind's BlockChecked): its sender, if still connected,
     * is punished as for any invalid block, e.g. a double spend on a side branch that a longer chain
     * built on it tried to activate.
     */
    public void onBlockInvalid(Sha256Hash hash, String reason) {
        Peer source = blockSource.remove(hash);
        if (source == null || !source.channel().isActive()) return;
        net.misbehaving(source, "invalid block " + hash + ": " + reason);
    }

    /**
     * The peer does not have blocks we asked it for (e.g. it pruned them): free the slots and fetch them
     * elsewhere, never again from this peer.
     */
    public void onNotFound(Peer peer, List<InvItem> items) {
        boolean freed = false;
        for (InvItem item : items) {
            if (!InvType.isBlock(item.type())) continue;
            if (peer.blocksInFlight().containsKey(item.hash())) {
                removeInFlight(item.hash(), peer);
                peer.blocksNotFound().add(item.hash());
                freed = true;
            }
        }
        if (freed) requestBlocks();
    }

    /**
     * getblockfrompeer (bitcoind's FetchBlock): asks {@code peer} for a block whose header is known, whatever the
     * download window says. The block counts as requested, so it is stored when it arrives even if it is not to be
     * connected (a side branch, or a block of the best chain whose data was pruned). Requests of it from other
     * peers, this one's included, are forgotten first, so asking again asks again (bitcoind's "Already requested
     * from this peer" cannot follow); the usual block download timeout applies to the peer.
     */
    public void fetchBlock(Peer peer, Sha256Hash hash) {
        removeInFlight(hash);
        long now = net.nowMillis();
        markInFlight(hash, peer, now);
        peer.send(new Message.GetData(List.of(new InvItem(InvType.MSG_WITNESS_BLOCK, hash))), now);
        log.debug("Requesting block {} from peer={}", hash, peer.id());
    }

    /**
     * Assigns block downloads to peers with free slots: bitcoind's FindNextBlocksToDownload, which fetches
     * toward each peer's best known block when that chain has at least the tip's work, so that an
     * equal-work branch too long for a direct fetch is still stored and a later block can reorganise to it.
     */
    public void requestBlocks() {
        ChainBackend.ChainPosition tip = chain.tip();
        long now = net.nowMillis();
        for (Peer peer : net.peers()) {
            if (!peer.handshakeComplete() || peer.blocksInFlight().size() >= MAX_IN_FLIGHT_PER_PEER) continue;
            processBlockAvailability(peer);
            Optional<ChainBackend.HeaderEntry> target = peer.bestKnownHash().flatMap(chain::header);
            if (target.isEmpty() || target.get().chainWork().compareTo(tip.chainWork()) < 0) continue;
            // bitcoind's FindNextBlocksToDownload: no block of a chain below the minimum chain work is fetched
            // (a noban peer's low-work headers are stored, their blocks are not).
            if (target.get().chainWork().compareTo(chain.params().minimumChainWork()) < 0) continue;
            List<Sha256Hash> branch = downloadWindow(target.get());
            if (branch.isEmpty()) continue;
            BlockServing serving = blockServing(peer);
            if (serving == BlockServing.NONE) continue;
            if (serving == BlockServing.RECENT && chain.isInitialBlockDownload()) continue;
            int firstHeight = chain.header(branch.get(0)).map(ChainBackend.HeaderEntry::height).orElse(target.get().height());
            List<InvItem> wanted = new ArrayList<>();
            // bitcoind's waitingfor: who has the window's first block in flight; the window was walked to its end.
            Peer waitingFor = null;
            boolean walkedWindow = true;
            for (int i = 0; i < branch.size(); i++) {
                if (peer.blocksInFlight().size() >= MAX_IN_FLIGHT_PER_PEER) {
                    walkedWindow = false;
                    break;
                }
                Sha256Hash hash = branch.get(i);
                if (isInFlight(hash)) {
                    if (waitingFor == null) waitingFor = inFlightFrom(hash).get(0);
                    continue;
                }
                if (validating.contains(hash) || peer.blocksNotFound().contains(hash) || chain.haveBlock(hash)) {
                    continue;
                }
                // The branch is contiguous, so its i-th block is at firstHeight + i.
                if (serving == BlockServing.RECENT && target.get().height() - (firstHeight + i) >= LIMITED_PEER_FETCH_DEPTH) continue;
                wanted.add(new InvItem(InvType.MSG_WITNESS_BLOCK, hash));
                markInFlight(hash, peer, now);
            }
            if (!wanted.isEmpty()) peer.send(new Message.GetData(wanted), now);
            // bitcoind's staller: this peer could fetch beyond the window but everything in it is stored or in flight,
            // so the peer holding the window's first block stalls the download.
            boolean beyondWindow = target.get().height() > firstHeight + branch.size() - 1;
            if (walkedWindow && wanted.isEmpty() && peer.blocksInFlight().isEmpty() && beyondWindow
                    && waitingFor != null && waitingFor != peer && waitingFor.stallingSinceMillis() == 0) {
                waitingFor.stallingSinceMillis(now);
                log.debug("Stall started peer={}", waitingFor.id());
            }
        }
    }

    /**
     * bitcoind's FindNextBlocksToDownload window toward {@code target}, oldest first: the headers after the
     * last common block - the last block of target's chain that is on the active chain or stored together
     * with all its ancestors - up to {@link #DOWNLOAD_WINDOW} heights beyond it. Stored but unconnected
     * blocks (an equal-work branch, blocks that came out of order) move the window on, so a branch longer
     * than the window is fetched whole. On the best header chain the walk is by height, so a peer far
     * ahead during initial download costs no walk over its whole chain.
     */
    private List<Sha256Hash> downloadWindow(ChainBackend.HeaderEntry target) {
        List<Sha256Hash> window = new ArrayList<>();
        if (chain.bestHeaderHashAt(target.height()).equals(Optional.of(target.hash()))) {
            int h = forkHeight(chain.tip()) + 1;
            while (h <= target.height() && chain.bestHeaderHashAt(h).map(chain::haveBlock).orElse(false)) h++;
            int end = Math.min(target.height(), h - 1 + DOWNLOAD_WINDOW);
            for (; h <= end; h++) {
                Optional<Sha256Hash> hash = chain.bestHeaderHashAt(h);
                if (hash.isEmpty()) break;
                window.add(hash.get());
            }
            return window;
        }
        List<Sha256Hash> branch = new ArrayList<>();
        Optional<ChainBackend.HeaderEntry> walk = Optional.of(target);
        while (walk.isPresent() && !chain.onActiveChain(walk.get().hash())) {
            branch.add(walk.get().hash());
            walk = chain.header(walk.get().header().prevHash());
        }
        java.util.Collections.reverse(branch);
        int first = 0;
        while (first < branch.size() && chain.haveBlock(branch.get(first))) first++;
        return branch.subList(first, Math.min(branch.size(), first + DOWNLOAD_WINDOW));
    }

    /** Which blocks a peer can give us, by its services. */
    private enum BlockServing { NONE, RECENT, ALL }

    /**
     * bitcoind's FindNextBlocksToDownload asks a NODE_NETWORK_LIMITED peer only for blocks less than 288 - 2 (two for
     * races) below the peer's best known block.
     */
    static final int LIMITED_PEER_FETCH_DEPTH = ServiceFlags.NETWORK_LIMITED_BLOCKS - 2;

    /**
     * A witness peer with NODE_NETWORK serves every block; one with only NODE_NETWORK_LIMITED the recent ones (and
     * bitcoind fetches from such a peer only once out of initial block download).
     */
    private static BlockServing blockServing(Peer peer) {
        long services = peer.version().map(Message.Version::services).orElse(0L);
        if ((services & ServiceFlags.NODE_WITNESS) == 0) return BlockServing.NONE;
        if ((services & ServiceFlags.NODE_NETWORK) != 0) return BlockServing.ALL;
        return (services & ServiceFlags.NODE_NETWORK_LIMITED) != 0 ? BlockServing.RECENT : BlockServing.NONE;
    }

    /** Height of the last active-chain block that is also on the best header chain. */
    private int forkHeight(ChainBackend.ChainPosition tip) {
        Sha256Hash hash = tip.hash();
        int height = tip.height();
        while (height > 0 && !chain.bestHeaderHashAt(height).equals(Optional.of(hash))) {
            Optional<ChainBackend.HeaderEntry> e = chain.header(hash);
            if (e.isEmpty()) break;
            hash = e.get().header().prevHash();
            height--;
        }
        return height;
    }

    /** Periodic work: stalling and timeout detection, progress logging. */
    public void tick() {
        long now = net.nowMillis();
        superviseHeaderSync(now);
        detectStalls(now);
        logProgress(now);
    }

    private void superviseHeaderSync(long now) {
        if (headersCaughtUp()) {
            syncHeadersWithAllPeers();
            return;
        }
        Peer stalled = null;
        if (headerSyncPeer != null && now - headerSyncProgressMillis > HEADER_SYNC_TIMEOUT.toMillis()) {
            stalled = headerSyncPeer;
            Peer current = stalled;
            // bitcoind acts on a stalled headers-sync peer only when another peer it prefers for downloads could take over.
            boolean replaceable = net.peers().stream().anyMatch(p -> p != current && p.handshakeComplete() && preferredDownload(p));
            if (replaceable && stalled.permissions().has(NetPermission.NOBAN)) {
                // bitcoind keeps a noban peer but gives up syncing headers from it, so that another peer may be chosen.
                log.info("Timeout downloading headers from noban peer, not disconnecting peer={}", stalled.id());
                headerSyncPeer = null;
            } else if (replaceable) {
                log.info("Header sync from {} made no progress", stalled);
                net.disconnect(stalled, "Timeout downloading headers");
                headerSyncPeer = null;
                return;
            }
        }
        if (headerSyncPeer == null) {
            // Prefer outbound peers: inbound ones are cheaper for an attacker to create; a peer just given up on comes last.
            Peer givenUp = stalled;
            net.peers().stream().filter(Peer::handshakeComplete)
                    .sorted(java.util.Comparator.comparing((Peer p) -> p == givenUp).thenComparing(Peer::inbound))
                    .filter(SyncManager::servesBlocks)
                    .findFirst().ifPresent(this::startHeaderSync);
        }
    }

    /** Once caught up, learn every peer's chain so that blocks can be fetched from all of them. */
    private void syncHeadersWithAllPeers() {
        headerSyncPeer = null;
        for (Peer p : List.copyOf(net.peers())) {
            if (p.handshakeComplete() && !p.headerSyncRequested() && servesBlocks(p)) startHeaderSync(p);
        }
    }

    private void detectStalls(long now) {
        for (Peer peer : List.copyOf(net.peers())) {
            for (long requestedAt : peer.blocksInFlight().values()) {
                if (now - requestedAt > blockTimeout.toMillis()) {
                    net.disconnect(peer, "block download timeout");
                    break;
                }
            }
        }
        for (Peer peer : List.copyOf(net.peers())) {
            long since = peer.stallingSinceMillis();
            if (since == 0 || since >= now - stallTimeout.toMillis() || !peer.channel().isActive()) continue;
            // The window cannot move: the staller goes, and the next one gets longer in case our own bandwidth is short.
            net.disconnect(peer, "Peer is stalling block download");
            Duration longer = stallTimeout.multipliedBy(2).compareTo(STALL_MAX) > 0 ? STALL_MAX : stallTimeout.multipliedBy(2);
            if (!longer.equals(stallTimeout)) {
                stallTimeout = longer;
                log.debug("Increased stalling timeout temporarily to {} seconds", stallTimeout.toSeconds());
            }
        }
    }

    /** bitcoind's BlockConnected: each connected block brings the stalling timeout 15% back toward its 2 s default. */
    private void relaxStallTimeout() {
        if (stallTimeout.equals(STALL_MIN)) return;
        long seconds = Math.max(STALL_MIN.toSeconds(), (long) (stallTimeout.toSeconds() * 0.85));
        stallTimeout = Duration.ofSeconds(seconds);
        log.debug("Decreased stalling timeout to {} seconds", seconds);
    }

    private void logProgress(long now) {
        if (now - lastProgressMillis < PROGRESS_INTERVAL.toMillis()) return;
        ChainBackend.ChainPosition tip = chain.tip();
        ChainBackend.ChainPosition best = chain.bestHeader();
        if (best.height() <= tip.height() && lastProgressHeight == tip.height()) {
            lastProgressMillis = now;
            return;
        }
        if (lastProgressHeight >= 0 && best.height() > tip.height()) {
            double seconds = (now - lastProgressMillis) / 1000.0;
            double rate = (tip.height() - lastProgressHeight) / seconds;
            double percent = best.height() == 0 ? 100 : 100.0 * tip.height() / best.height();
            String eta = rate > 0 ? Duration.ofSeconds((long) ((best.height() - tip.height()) / rate)).toString().substring(2).toLowerCase() : "unknown";
            log.info("Syncing: height {}/{} headers ({}%), {} blocks/s, {} in flight, ETA {}",
                    tip.height(), best.height(), String.format("%.2f", percent), String.format("%.1f", rate), inFlight.size(), eta);
        }
        lastProgressHeight = tip.height();
        lastProgressMillis = now;
    }

    // ---- serving -------------------------------------------------------------------------------------

    public void onGetHeaders(Peer peer, Message.GetHeaders m) {
        if (chain.tip().chainWork().compareTo(chain.params().minimumChainWork()) < 0 && !peer.permissions().has(NetPermission.DOWNLOAD)) {
            // bitcoind serves no headers while its active chain lacks the minimum chain work (its view is
            // likely stale), except to download peers; the empty answer tells the peer we are not
            // unresponsive, so its next getheaders is not held back.
            log.debug("Ignoring getheaders from peer={} because active chain has too little work; sending empty response", peer.id());
            peer.send(new Message.Headers(List.of()), net.nowMillis());
            return;
        }
        List<BlockHeader> headers;
        if (m.locator().isEmpty()) {
            // bitcoind: an empty locator asks for just the header named by the stop hash, and only for a
            // block it would serve (BlockRequestAllowed), so unvalidated forks are not revealed.
            Optional<ChainBackend.HeaderEntry> stop = chain.header(m.stopHash());
            if (stop.isEmpty()) return;
            if (!chain.blockRequestAllowed(m.stopHash())) {
                log.debug("ignoring request from peer={} for old block header that isn't in the main chain", peer.id());
                return;
            }
            headers = List.of(stop.get().header());
        } else {
            headers = chain.headersAfter(m.locator(), m.stopHash(), MessageCodec.MAX_HEADERS);
        }
        // bitcoind's pindexBestHeaderSent: the last header sent, or our tip when none was. Recorded before the
        // reply leaves, so a block connected as soon as the peer has it is announced to it with headers.
        Sha256Hash sent = headers.isEmpty() ? chain.tip().hash() : headers.get(headers.size() - 1).hash();
        chain.header(sent).ifPresent(e -> peer.bestHeaderSent(e.hash(), e.height()));
        peer.send(new Message.Headers(headers), net.nowMillis());
    }

    public void onGetBlocks(Peer peer, Message.GetBlocks m) {
        List<Sha256Hash> hashes = chain.blockHashesAfter(m.locator(), m.stopHash(), MAX_GETBLOCKS_RESULTS);
        if (hashes.isEmpty()) return;
        List<InvItem> inv = new ArrayList<>(hashes.size());
        for (Sha256Hash h : hashes) inv.add(new InvItem(InvType.MSG_BLOCK, h));
        if (hashes.size() == MAX_GETBLOCKS_RESULTS) {
            // When the peer fetches the last one, we send an inv of our tip so it asks again (hashContinue).
            peer.getBlocksContinue(hashes.get(hashes.size() - 1));
        }
        peer.send(new Message.Inv(inv), net.nowMillis());
    }

    /** bitcoind's NODE_NETWORK_LIMITED_MIN_BLOCKS plus its two-block allowance for races. */
    static final int NETWORK_LIMITED_SERVE_DEPTH = ServiceFlags.NETWORK_LIMITED_BLOCKS + 2;

    /**
     * Serves a block request as bitcoind's ProcessGetBlockData; false if we do not have the block (a notfound).
     * A block we withhold on purpose is answered with silence, as bitcoind does.
     */
    public boolean serveBlock(Peer peer, InvItem item) {
        boolean cmpct = item.type() == InvType.MSG_CMPCT_BLOCK;
        boolean witness = item.type() == InvType.MSG_WITNESS_BLOCK || cmpct;
        Optional<Block> recentBlock = compact == null ? Optional.empty() : compact.recentBlock(item.hash());
        Optional<ChainBackend.HeaderEntry> entry = chain.header(item.hash());
        if (entry.isPresent()) {
            // The block just announced extends our tip (bitcoind connects it before answering), so it is not stale.
            if (recentBlock.isEmpty() && !chain.blockRequestAllowed(item.hash())) {
                log.debug("ProcessGetBlockData: ignoring request from peer={} for old block that isn't in the main chain", peer.id());
                return true;
            }
            if ((historical(entry.get()) || item.type() == InvType.MSG_FILTERED_BLOCK)
                    && net.uploadTarget().reached(true, net.nowMillis() / 1000)
                    && !peer.permissions().has(NetPermission.DOWNLOAD)) {
                // -maxuploadtarget: what is left of it is kept for new blocks.
                net.disconnect(peer, "historical block serving limit reached");
                return true;
            }
            if (belowLimitedThreshold(peer, entry.get().height())) {
                // The peer would wait for a block we will never send; bitcoind disconnects it, also so as not to leak
                // how far back a pruned node still has blocks.
                net.disconnect(peer, "Ignore block request below NODE_NETWORK_LIMITED threshold");
                return true;
            }
        }
        Optional<byte[]> bytes = chain.getBlock(item.hash(), witness);
        if (bytes.isEmpty()) {
            // Announced to high-bandwidth peers before it was stored: served from memory, as bitcoind does.
            bytes = recentBlock.map(b -> b.serialize(witness));
        }
        if (bytes.isEmpty()) return false;
        long now = net.nowMillis();
        if (item.type() == InvType.MSG_FILTERED_BLOCK) {
            serveFilteredBlock(peer, Block.parse(bytes.get()), now);
            return true;
        }
        // BIP152: a compact block only for recent blocks (bitcoind's MAX_CMPCTBLOCK_DEPTH); a peer asking for an
        // older one will hardly have its transactions, so it gets the full block.
        boolean recent = cmpct && canDirectFetch() && chain.header(item.hash())
                .map(e -> e.height() >= chain.tip().height() - CompactBlockRelay.MAX_CMPCTBLOCK_DEPTH).orElse(false);
        if (recent && compact != null) {
            compact.sendCompactBlock(peer, Block.parse(bytes.get()));
        } else {
            peer.send(new Message.SerializedBlock(bytes.get()), now);
        }
        if (peer.getBlocksContinue().equals(Optional.of(item.hash()))) {
            peer.send(new Message.Inv(List.of(new InvItem(InvType.MSG_BLOCK, chain.tip().hash()))), now);
            peer.getBlocksContinue(null);
        }
        return true;
    }

    /**
     * BIP37: the block as a merkleblock for the peer's filter, then each matched transaction (without witness) as a tx
     * message; a peer without a filter gets nothing, as from bitcoind.
     */
    private void serveFilteredBlock(Peer peer, Block block, long now) {
        if (!peer.hasTxRelay()) return;
        Optional<dev.blocksmith.p2p.bloom.BloomFilter> filter = peer.bloomFilter();
        if (filter.isEmpty()) return;
        dev.blocksmith.p2p.bloom.FilteredBlock filtered = dev.blocksmith.p2p.bloom.FilteredBlock.of(block, filter.get());
        peer.send(new Message.MerkleBlock(filtered.merkleBlock()), now);
        for (dev.blocksmith.core.tx.Transaction tx : filtered.matched()) peer.send(new Message.Tx(tx, false), now);
    }

    /** bitcoind's HISTORICAL_BLOCK_AGE test: the block is more than a week older than the best header. */
    private boolean historical(ChainBackend.HeaderEntry block) {
        return chain.header(chain.bestHeader().hash())
                .map(best -> best.header().time() - block.header().time() > UploadTarget.HISTORICAL_BLOCK_AGE_SECONDS)
                .orElse(false);
    }

    /**
     * BIP159 as bitcoind serves it: a node offering only NODE_NETWORK_LIMITED (pruning) does not serve blocks more
     * than {@link #NETWORK_LIMITED_SERVE_DEPTH} below its tip, except to noban peers.
     */
    boolean belowLimitedThreshold(Peer peer, int height) {
        if (!chain.pruneMode() || peer.permissions().has(NetPermission.NOBAN)) return false;
        return chain.tip().height() - height > NETWORK_LIMITED_SERVE_DEPTH;
    }

    // ---- announcing ----------------------------------------------------------------------------------

    /**
     * The active tip's height, or the highest block received and waiting on the validation thread when that is higher
     * (what bitcoind's tip would be, since it validates each block before handling the next message).
     */
    int tipHeightWithQueuedBlocks() {
        int height = chain.tip().height();
        for (Sha256Hash h : validating) {
            Optional<ChainBackend.HeaderEntry> e = chain.header(h);
            if (e.isPresent() && e.get().height() > height) height = e.get().height();
        }
        return height;
    }

    /**
     * Announces a new active tip as bitcoind does: to a BIP130 peer, the headers (at most the newest
     * {@link #MAX_BLOCKS_TO_ANNOUNCE} connected blocks) from the first one it lacks, provided it has that
     * block's parent - otherwise, and to other peers, an inv of the tip unless the peer already has it.
     * What a peer has is what it announced to us and the last header we sent it.
     */
    public void onTipChanged(ChainBackend.ChainPosition newTip, List<BlockHeader> connected) {
        for (BlockHeader h : connected) {
            blockSource.remove(h.hash());
            relaxStallTimeout();
        }
        if (chain.isInitialBlockDownload() || connected.isEmpty()) return;
        List<BlockHeader> announce = connected.subList(Math.max(0, connected.size() - MAX_BLOCKS_TO_ANNOUNCE), connected.size());
        long now = net.nowMillis();
        for (Peer peer : net.peers()) {
            if (!peer.handshakeComplete()) continue;
            // bitcoind's fRevertToInv: headers go to BIP130 peers, and to BIP152 high-bandwidth peers when one block
            // is new; a single header to a high-bandwidth peer goes as a compact block.
            boolean hb = peer.requestedHbCmpctBlocks() && compact != null;
            boolean headersMode = peer.sendHeaders() || (hb && connected.size() == 1);
            List<BlockHeader> headers = headersMode ? headersToAnnounce(peer, announce) : List.of();
            log.trace("Announcing {} to peer={}: {} headers (sendheaders {}, best header sent {}, best known {})", newTip.hash(), peer.id(),
                    headers.size(), peer.sendHeaders(), peer.bestHeaderSentHeight(), peer.bestKnownHeight());
            if (headers.size() == 1 && hb) {
                BlockHeader only = headers.get(0);
                log.debug("SendMessages sending header-and-ids {} to peer={}", only.hash(), peer.id());
                if (compact.sendCompactBlock(peer, only.hash())) {
                    chain.header(only.hash()).ifPresent(e -> peer.bestHeaderSent(e.hash(), e.height()));
                }
            } else if (!headers.isEmpty() && peer.sendHeaders()) {
                BlockHeader last = headers.get(headers.size() - 1);
                chain.header(last.hash()).ifPresent(e -> peer.bestHeaderSent(e.hash(), e.height()));
                peer.send(new Message.Headers(headers), now);
            } else if (!peerHasHeader(peer, newTip.hash(), newTip.height())) {
                peer.send(new Message.Inv(List.of(new InvItem(InvType.MSG_BLOCK, newTip.hash()))), now);
            }
        }
    }

    /** The headers to send, or empty to fall back to an inv (bitcoind's fRevertToInv). */
    private List<BlockHeader> headersToAnnounce(Peer peer, List<BlockHeader> announce) {
        List<BlockHeader> out = new ArrayList<>();
        boolean started = false;
        for (BlockHeader h : announce) {
            Optional<ChainBackend.HeaderEntry> e = chain.header(h.hash());
            if (e.isEmpty()) return List.of();
            if (started) {
                out.add(h);
            } else if (peerHasHeader(peer, h.hash(), e.get().height())) {
                continue;
            } else if (e.get().height() == 0 || peerHasHeader(peer, h.prevHash(), e.get().height() - 1)) {
                started = true;
                out.add(h);
            } else {
                return List.of();
            }
        }
        return out;
    }

    /**
     * bitcoind's ProcessBlockAvailability: a block the peer announced before we knew it counts as the
     * peer's best known block once its header is known.
     */
    /**
     * bitcoind's UpdateBlockAvailability: a block the peer has replaces its best known block when it has at
     * least as much work, so an equal-work branch it announces becomes what we download from it.
     */
    private Optional<java.math.BigInteger> bestKnownWork(Peer peer) {
        return peer.bestKnownHash().flatMap(chain::header).map(ChainBackend.HeaderEntry::chainWork);
    }

    /** Headers from the peer connected to our tree: it may earn protection from {@link #considerEviction}. */
    private void headersConnected(Peer peer) {
        outboundChainSync.headersConnected(peer.id(), peer.type(), bestKnownWork(peer), chain.tip().chainWork());
    }

    /** Whether the peer holds one of the protected slots against eviction for a lagging chain. */
    public boolean protectedFromChainSyncEviction(Peer peer) {
        return outboundChainSync.isProtected(peer.id());
    }

    /**
     * bitcoind's ConsiderEviction, for each peer on every send round: an outbound peer that does not keep up with
     * our chain is asked once for headers and then disconnected ({@link OutboundChainSync}).
     */
    public void considerEviction(Peer peer) {
        if (!peer.handshakeComplete() || !peer.channel().isActive()) return;
        ChainBackend.ChainPosition tip = chain.tip();
        Sha256Hash parent = chain.header(tip.hash()).filter(e -> e.height() > 0).map(e -> e.header().prevHash()).orElse(tip.hash());
        OutboundChainSync.Work benchmark = new OutboundChainSync.Work(tip.hash(), parent, tip.chainWork());
        Optional<java.math.BigInteger> bestKnownWork = bestKnownWork(peer);
        String bestKnown = peer.bestKnownHash().map(Sha256Hash::toString).orElse("<none>");
        switch (outboundChainSync.consider(peer.id(), peer.type(), peer.headerSyncRequested(), bestKnownWork, benchmark, net.nowMillis())) {
            case OutboundChainSync.Decision.Keep keep -> { }
            case OutboundChainSync.Decision.AskHeaders ask -> {
                // Sent unless a getheaders is already outstanding, whose answer shows the peer's chain just as well.
                sendGetHeaders(peer, chain.locatorFrom(ask.from()));
                log.debug("sending getheaders to outbound peer={} to verify chain work (current best known block:{}, benchmark blockhash: {})",
                        peer.id(), bestKnown, ask.benchmark());
            }
            case OutboundChainSync.Decision.Evict evict -> net.disconnect(peer, "Outbound peer has old chain, best known block = " + bestKnown);
        }
    }

    void updateBestKnown(Peer peer, ChainBackend.HeaderEntry entry) {
        Optional<ChainBackend.HeaderEntry> current = peer.bestKnownHash().flatMap(chain::header);
        if (current.isEmpty() || entry.chainWork().compareTo(current.get().chainWork()) >= 0) {
            peer.replaceBestKnown(entry.hash(), entry.height());
        }
    }

    private void processBlockAvailability(Peer peer) {
        Optional<Sha256Hash> unknown = peer.lastUnknownBlock();
        if (unknown.isEmpty()) return;
        chain.header(unknown.get()).ifPresent(e -> {
            updateBestKnown(peer, e);
            peer.lastUnknownBlock(null);
        });
    }

    /** bitcoind's PeerHasHeader: the block is an ancestor of what the peer announced or what we last sent it. */
    boolean peerHasHeader(Peer peer, Sha256Hash hash, int height) {
        processBlockAvailability(peer);
        if (peer.bestKnownHash().isPresent() && isAncestor(hash, height, peer.bestKnownHash().get(), peer.bestKnownHeight())) return true;
        return peer.bestHeaderSent().isPresent() && isAncestor(hash, height, peer.bestHeaderSent().get(), peer.bestHeaderSentHeight());
    }

    private boolean isAncestor(Sha256Hash hash, int height, Sha256Hash descendant, int descendantHeight) {
        if (descendantHeight < height) return false;
        Sha256Hash walk = descendant;
        for (int h = descendantHeight; h > height; h--) {
            Optional<ChainBackend.HeaderEntry> e = chain.header(walk);
            if (e.isEmpty()) return false;
            walk = e.get().header().prevHash();
        }
        return walk.equals(hash);
    }
}
