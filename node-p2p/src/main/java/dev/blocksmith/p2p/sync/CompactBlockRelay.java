package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.p2p.cmpct.CompactBlock;
import dev.blocksmith.p2p.cmpct.ExtraTransactions;
import dev.blocksmith.p2p.cmpct.PartialBlock;
import dev.blocksmith.p2p.cmpct.ReadStatus;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;

/**
 * BIP152 compact block relay as bitcoind 30 does it. Runs only on the network event loop.
 * <ul>
 *   <li>Negotiation: every peer of protocol 70014 or later is told at verack that we speak version 2 (wtxid short
 *       ids) in low-bandwidth mode; a peer's sendcmpct of version 2 says it speaks it too and whether it wants new
 *       blocks announced to it as cmpctblock before validation (high-bandwidth mode).</li>
 *   <li>High-bandwidth announcers: the last three peers that gave us a new valid tip block first are asked to
 *       announce theirs to us as cmpctblock (sendcmpct 1); an inbound peer does not displace the only outbound
 *       one. Never in -blocksonly mode: an empty mempool reconstructs nothing.</li>
 *   <li>Receiving: a cmpctblock near the tip is rebuilt from the mempool and the extra transaction pool; what is
 *       missing is asked for with getblocktxn; up to three peers may send the same block at once, the last slot
 *       kept for an outbound peer. A compact block whose header is valid never gets its sender punished for the
 *       rest of the block (BIP152 allows relaying after checking the header only).</li>
 *   <li>Sending: a new block that passed its proof-of-work and context-free checks goes at once to high-bandwidth
 *       peers; getdata MSG_CMPCT_BLOCK is answered for the last {@link #MAX_CMPCTBLOCK_DEPTH} blocks, getblocktxn
 *       for the last {@link #MAX_BLOCKTXN_DEPTH}; older requests get the full block.</li>
 * </ul>
 */
public final class CompactBlockRelay {
    private static final Logger log = LoggerFactory.getLogger(CompactBlockRelay.class);
    /** The BIP152 version Blocksmith speaks: short ids of wtxids (segwit). */
    public static final long CMPCTBLOCKS_VERSION = 2;
    /** bitcoind's SHORT_IDS_BLOCKS_VERSION: peers from this protocol version on are offered compact blocks. */
    public static final int SHORT_IDS_BLOCKS_VERSION = 70014;
    /** bitcoind's INVALID_CB_NO_BAN_VERSION: peers below it are not sent unvalidated compact blocks. */
    public static final int INVALID_CB_NO_BAN_VERSION = 70015;
    public static final int MAX_CMPCTBLOCK_DEPTH = 5;
    public static final int MAX_BLOCKTXN_DEPTH = 10;
    public static final int MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK = 3;
    /** BIP152: at most three peers are asked for high-bandwidth announcements. */
    static final int MAX_HIGH_BANDWIDTH_PEERS = 3;

    private final ChainBackend chain;
    private final PeerNetwork net;
    private final SyncManager sync;
    private final MempoolBackend mempool;
    private final ExtraTransactions extra;
    private final boolean blocksOnly;
    private final SecureRandom random = new SecureRandom();
    /** bitcoind's lNodesAnnouncingHeaderAndIDs: peer ids, the oldest choice first. */
    private final LinkedList<Long> highBandwidthPeers = new LinkedList<>();
    /** bitcoind's m_most_recent_block and its compact form: what peers are most likely to ask for. */
    private Optional<RecentBlock> recent = Optional.empty();
    /** bitcoind's m_highest_fast_announce: each height is announced before validation at most once. */
    private int highestFastAnnounce;

    private record RecentBlock(Sha256Hash hash, Block block, CompactBlock compact) {
    }

    /**
     * @param blocksOnly -blocksonly: no high-bandwidth requests and blocks fetched whole, since the mempool stays
     *     empty (compact blocks are still served)
     */
    public CompactBlockRelay(ChainBackend chain, PeerNetwork net, SyncManager sync, MempoolBackend mempool,
                             ExtraTransactions extra, boolean blocksOnly) {
        this.chain = chain;
        this.net = net;
        this.sync = sync;
        this.mempool = mempool;
        this.extra = extra;
        this.blocksOnly = blocksOnly;
    }

    // ---- negotiation -----------------------------------------------------------------------------------

    /** Sent at verack: we can serve and take version-2 compact blocks, announced in low-bandwidth mode. */
    public void offer(Peer peer, long now) {
        int version = peer.version().map(Message.Version::protocolVersion).orElse(0);
        if (version >= SHORT_IDS_BLOCKS_VERSION) peer.send(new Message.SendCmpct(false, CMPCTBLOCKS_VERSION), now);
    }

    /** bitcoind ignores any other version than the one it speaks. */
    public void onSendCmpct(Peer peer, Message.SendCmpct m) {
        if (m.version() != CMPCTBLOCKS_VERSION) return;
        peer.providesCmpctBlocks(true);
        peer.requestedHbCmpctBlocks(m.highBandwidth());
        peer.bip152HbFrom(m.highBandwidth());
    }

    /** Whether a new block at the tip is fetched from this peer as a compact block (low-bandwidth mode). */
    boolean fetchesCompact(Peer peer) {
        return !blocksOnly && peer.providesCmpctBlocks();
    }

    /** The transaction that did not enter the mempool, kept for reconstruction (replaced ones, from the node). */
    public void addExtra(Transaction tx) {
        extra.add(tx);
    }

    /**
     * bitcoind's MaybeSetPeerAsAnnouncingHeaderAndIDs: the peer becomes the newest high-bandwidth announcer; the
     * oldest of three makes room (told with sendcmpct 0), except that an inbound newcomer never displaces the only
     * outbound one.
     */
    void maybeSetHighBandwidth(Peer peer) {
        if (blocksOnly || !peer.providesCmpctBlocks()) return;
        int outbound = 0;
        for (Long id : highBandwidthPeers) {
            if (id == peer.id()) {
                highBandwidthPeers.remove(id);
                highBandwidthPeers.addLast(id);
                return;
            }
            if (byId(id).map(p -> !p.inbound()).orElse(false)) outbound++;
        }
        long now = net.nowMillis();
        if (peer.inbound() && highBandwidthPeers.size() >= MAX_HIGH_BANDWIDTH_PEERS && outbound == 1) {
            if (byId(highBandwidthPeers.getFirst()).map(p -> !p.inbound()).orElse(false)) {
                Long first = highBandwidthPeers.removeFirst();
                highBandwidthPeers.add(1, first);
            }
        }
        if (highBandwidthPeers.size() >= MAX_HIGH_BANDWIDTH_PEERS) {
            byId(highBandwidthPeers.removeFirst()).ifPresent(stop -> {
                stop.send(new Message.SendCmpct(false, CMPCTBLOCKS_VERSION), now);
                stop.bip152HbTo(false);
            });
        }
        peer.send(new Message.SendCmpct(true, CMPCTBLOCKS_VERSION), now);
        peer.bip152HbTo(true);
        highBandwidthPeers.addLast(peer.id());
    }

    private Optional<Peer> byId(long id) {
        for (Peer p : net.peers()) {
            if (p.id() == id) return Optional.of(p);
        }
        return Optional.empty();
    }

    // ---- sending ---------------------------------------------------------------------------------------

    /**
     * bitcoind's NewPoWValidBlock: a block that extends the tip and passed CheckBlock goes to every high-bandwidth
     * peer that has its parent but not the block, before the block is connected.
     */
    public void onNewPoWValidBlock(Block block, ChainBackend.HeaderEntry entry) {
        if (entry.height() <= highestFastAnnounce) return;
        highestFastAnnounce = entry.height();
        if (!segwitActiveAt(entry.height())) return;
        CompactBlock cmpct = CompactBlock.of(block, random.nextLong());
        recent = Optional.of(new RecentBlock(entry.hash(), block, cmpct));
        long now = net.nowMillis();
        for (Peer peer : net.peers()) {
            if (!peer.handshakeComplete() || !peer.channel().isActive()) continue;
            if (peer.version().map(Message.Version::protocolVersion).orElse(0) < INVALID_CB_NO_BAN_VERSION) continue;
            if (peer.requestedHbCmpctBlocks() && !sync.peerHasHeader(peer, entry.hash(), entry.height())
                    && sync.peerHasHeader(peer, block.header().prevHash(), entry.height() - 1)) {
                log.debug("PeerManager::NewPoWValidBlock sending header-and-ids {} to peer={}", entry.hash(), peer.id());
                peer.send(new Message.CmpctBlock(cmpct), now);
                peer.bestHeaderSent(entry.hash(), entry.height());
            }
        }
    }

    /**
     * bitcoind's m_most_recent_block: the block last announced before validation, which a peer may ask for
     * before it is stored (ProcessGetBlockData serves it from there).
     */
    Optional<Block> recentBlock(Sha256Hash hash) {
        return recent.filter(r -> r.hash().equals(hash)).map(RecentBlock::block);
    }

    /**
     * bitcoind's m_most_recent_block_txs: a transaction of the most recent block, by txid or, for MSG_WTX, by wtxid.
     * Peers that just saw the transaction announced may still ask for it once it is mined (FindTxForGetData).
     */
    public Optional<Transaction> recentBlockTransaction(Sha256Hash hash, boolean byWtxid) {
        if (recent.isEmpty()) return Optional.empty();
        for (Transaction tx : recent.get().block().transactions()) {
            if ((byWtxid ? tx.wtxid() : tx.txid()).equals(hash)) return Optional.of(tx);
        }
        return Optional.empty();
    }

    /** Sends a stored block as a compact block (the cached one when it is the most recent); false if unknown. */
    boolean sendCompactBlock(Peer peer, Sha256Hash hash) {
        if (recent.isPresent() && recent.get().hash().equals(hash)) {
            peer.send(new Message.CmpctBlock(recent.get().compact()), net.nowMillis());
            return true;
        }
        Optional<byte[]> bytes = chain.getBlock(hash, true);
        if (bytes.isEmpty()) return false;
        peer.send(new Message.CmpctBlock(CompactBlock.of(Block.parse(bytes.get()), random.nextLong())), net.nowMillis());
        return true;
    }

    void sendCompactBlock(Peer peer, Block block) {
        CompactBlock cmpct = recent.filter(r -> r.hash().equals(block.hash())).map(RecentBlock::compact)
                .orElseGet(() -> CompactBlock.of(block, random.nextLong()));
        peer.send(new Message.CmpctBlock(cmpct), net.nowMillis());
    }

    /**
     * bitcoind's GETBLOCKTXN handling: the asked transactions of a recent block; a block deeper than
     * {@link #MAX_BLOCKTXN_DEPTH} is sent whole (so a peer cannot make us read old blocks cheaply), one we do not
     * have is not answered (nor revealed).
     */
    public void onGetBlockTxn(Peer peer, Message.GetBlockTxn req) {
        if (recent.isPresent() && recent.get().hash().equals(req.blockHash())) {
            sendBlockTransactions(peer, recent.get().block(), req);
            return;
        }
        Optional<ChainBackend.HeaderEntry> entry = chain.header(req.blockHash());
        if (entry.isEmpty() || !chain.haveBlock(req.blockHash())) {
            log.debug("Peer {} sent us a getblocktxn for a block we don't have", peer.id());
            return;
        }
        if (entry.get().height() >= chain.tip().height() - MAX_BLOCKTXN_DEPTH) {
            Optional<byte[]> bytes = chain.getBlock(req.blockHash(), true);
            if (bytes.isEmpty()) return;
            sendBlockTransactions(peer, Block.parse(bytes.get()), req);
            return;
        }
        log.debug("Peer {} sent us a getblocktxn for a block > {} deep", peer.id(), MAX_BLOCKTXN_DEPTH);
        sync.serveBlock(peer, new InvItem(InvType.MSG_WITNESS_BLOCK, req.blockHash()));
    }

    private void sendBlockTransactions(Peer peer, Block block, Message.GetBlockTxn req) {
        List<Transaction> txs = new ArrayList<>(req.indexes().size());
        for (int index : req.indexes()) {
            if (index >= block.transactions().size()) {
                net.misbehaving(peer, "getblocktxn with out-of-bounds tx indices");
                return;
            }
            txs.add(block.transactions().get(index));
        }
        peer.send(new Message.BlockTxn(req.blockHash(), txs), net.nowMillis());
    }

    // ---- receiving -------------------------------------------------------------------------------------

    /** bitcoind's CMPCTBLOCK handling. */
    public void onCmpctBlock(Peer peer, CompactBlock cmpct) {
        BlockHeader header = cmpct.header();
        Sha256Hash hash = header.hash();
        long now = net.nowMillis();
        Optional<ChainBackend.HeaderEntry> prev = chain.header(header.prevHash());
        if (prev.isEmpty()) {
            // Does not connect: ask for the headers in between rather than judge it.
            if (!chain.isInitialBlockDownload()) sync.sendGetHeadersAfter(peer, chain.bestHeader().hash());
            return;
        }
        if (prev.get().chainWork().add(Difficulty.work(header.bits())).compareTo(sync.antiDosWorkThreshold()) < 0) {
            log.debug("Ignoring low-work compact block from peer {}", peer.id());
            return;
        }
        if (!Difficulty.checkProofOfWork(hash, header.bits(), chain.params().powLimit())) {
            net.misbehaving(peer, "invalid header via cmpctblock");
            return;
        }
        boolean newHeader = chain.header(hash).isEmpty();
        ChainBackend.HeaderEntry entry;
        switch (chain.acceptHeaders(List.of(header))) {
            case ChainBackend.HeadersResult.Accepted accepted -> entry = accepted.last();
            case ChainBackend.HeadersResult.Invalid invalid -> {
                // A header known to be invalid is not punished when it came in a compact block (BLOCK_CACHED_INVALID
                // with via_compact_block); any other invalid header is.
                if (!invalid.reason().equals("duplicate-invalid")) net.misbehaving(peer, "invalid header via cmpctblock");
                return;
            }
            case ChainBackend.HeadersResult.Unconnecting ignored -> {
                return;
            }
            case ChainBackend.HeadersResult.Inconclusive ignored -> {
                return;
            }
        }
        if (newHeader) log.info("Saw new cmpctblock header hash={} peer={}", hash, peer.id());
        sync.updateBestKnown(peer, entry);
        if (chain.haveBlock(hash)) return;

        List<Peer> askedFor = sync.inFlightFrom(hash);
        int alreadyInFlight = askedFor.size();
        boolean requestedFromPeer = askedFor.contains(peer);
        boolean firstInFlight = alreadyInFlight == 0 || askedFor.get(0) == peer;
        ChainBackend.ChainPosition tip = chain.tip();
        if (entry.chainWork().compareTo(tip.chainWork()) <= 0) {
            // We know something better; if we asked for it anyway, the mempool will hardly help: fetch it whole.
            if (requestedFromPeer) requestWholeBlock(peer, hash, now);
            return;
        }
        if (alreadyInFlight == 0 && !sync.canDirectFetch()) {
            // Not near the tip: the block is fetched by the ordinary download, toward what the peer announced.
            sync.requestBlocks();
            return;
        }
        // Blocks received and queued for validation count as connected: bitcoind validates a block before it reads the
        // next message, so its tip already includes them when the following compact block arrives.
        if (entry.height() > sync.tipHeightWithQueuedBlocks() + 2) {
            if (requestedFromPeer) {
                requestWholeBlock(peer, hash, now);
            } else {
                // Far ahead: treated as an announcement, as a headers message.
                sync.onHeaders(peer, List.of(header));
            }
            return;
        }
        boolean slotFree = alreadyInFlight < MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK
                && peer.blocksInFlight().size() < SyncManager.MAX_IN_FLIGHT_PER_PEER;
        if (!slotFree && !requestedFromPeer) {
            reconstructOptimistically(peer, cmpct);
            return;
        }
        if (!sync.markInFlight(hash, peer, now) && peer.partialBlocks().containsKey(hash)) {
            log.debug("Peer sent us compact block we were already syncing!");
            return;
        }
        PartialBlock partial = new PartialBlock();
        peer.partialBlocks().put(hash, partial);
        ReadStatus status = partial.init(cmpct, mempool.transactions(), extra.snapshot());
        if (status == ReadStatus.INVALID) {
            sync.removeInFlight(hash, peer);
            net.misbehaving(peer, "invalid compact block");
            return;
        }
        if (status == ReadStatus.FAILED) {
            if (firstInFlight) {
                requestWholeBlock(peer, hash, now);
            } else {
                sync.removeInFlight(hash, peer);
            }
            return;
        }
        List<Integer> missing = partial.missingIndexes();
        if (missing.isEmpty()) {
            completeBlock(peer, new Message.BlockTxn(hash, List.of()));
        } else if (firstInFlight || (peer.bip152HbTo() && (!peer.inbound() || requestedFromOutbound(hash)
                || alreadyInFlight < MAX_CMPCTBLOCKS_INFLIGHT_PER_BLOCK - 1))) {
            // The first to announce is always asked; a later high-bandwidth one too, but the last slot is kept for
            // an outbound peer unless one is already downloading it.
            peer.send(new Message.GetBlockTxn(hash, missing), now);
        } else {
            sync.removeInFlight(hash, peer);
        }
    }

    /** bitcoind's IsBlockRequestedFromOutbound. */
    private boolean requestedFromOutbound(Sha256Hash hash) {
        for (Peer p : sync.inFlightFrom(hash)) {
            if (!p.inbound()) return true;
        }
        return false;
    }

    /**
     * The block is already awaited from others (or this peer has too many blocks in flight): try to rebuild it
     * from the mempool alone; without a round trip it is processed, otherwise nothing is done.
     */
    private void reconstructOptimistically(Peer peer, CompactBlock cmpct) {
        PartialBlock temp = new PartialBlock();
        if (temp.init(cmpct, mempool.transactions(), extra.snapshot()) != ReadStatus.OK) return;
        if (!temp.missingIndexes().isEmpty()) return;
        PartialBlock.Filled filled = temp.fill(List.of(), segwitActiveAfter(cmpct.header().prevHash()));
        if (filled.status() == ReadStatus.OK) sync.onCompactBlockReconstructed(peer, filled.block().orElseThrow());
    }

    /** bitcoind's BLOCKTXN handling (ProcessCompactBlockTxns). */
    public void onBlockTxn(Peer peer, Message.BlockTxn txn) {
        completeBlock(peer, txn);
    }

    private void completeBlock(Peer peer, Message.BlockTxn txn) {
        Sha256Hash hash = txn.blockHash();
        long now = net.nowMillis();
        List<Peer> askedFor = sync.inFlightFrom(hash);
        boolean firstInFlight = askedFor.isEmpty() || askedFor.get(0) == peer;
        PartialBlock partial = askedFor.contains(peer) ? peer.partialBlocks().get(hash) : null;
        if (partial == null) {
            log.debug("Peer {} sent us block transactions for block we weren't expecting", peer.id());
            return;
        }
        if (!partial.awaitingTransactions()) {
            // A second answer after a failed reconstruction: the peer was told to send the whole block instead.
            sync.removeInFlight(hash, peer);
            net.misbehaving(peer, "previous compact block reconstruction attempt failed");
            return;
        }
        PartialBlock.Filled filled = partial.fill(txn.transactions(), segwitActiveAfter(partialParent(hash)));
        switch (filled.status()) {
            case INVALID -> {
                sync.removeInFlight(hash, peer);
                net.misbehaving(peer, "invalid compact block/non-matching block transactions");
            }
            case FAILED -> {
                if (firstInFlight) {
                    // Perhaps a short-id collision: fall back to the whole block.
                    requestWholeBlock(peer, hash, now);
                } else {
                    sync.removeInFlight(hash, peer);
                    log.debug("Peer {} sent us a compact block but it failed to reconstruct, waiting on first download to complete", peer.id());
                }
            }
            case OK -> {
                Block block = filled.block().orElseThrow();
                log.debug("Successfully reconstructed block {} with {} txn prefilled, {} txn from mempool (incl at least {} from extra pool) and {} txn requested",
                        hash, partial.prefilledCount(), partial.mempoolCount(), partial.extraCount(), txn.transactions().size());
                sync.removeInFlight(hash, peer);
                sync.onCompactBlockReconstructed(peer, block);
            }
        }
    }

    private Sha256Hash partialParent(Sha256Hash hash) {
        return chain.header(hash).map(e -> e.header().prevHash()).orElse(Sha256Hash.ZERO);
    }

    private void requestWholeBlock(Peer peer, Sha256Hash hash, long now) {
        peer.send(new Message.GetData(List.of(new InvItem(InvType.MSG_WITNESS_BLOCK, hash))), now);
    }

    private boolean segwitActiveAt(int height) {
        return height >= chain.params().deployments().segwitHeight();
    }

    private boolean segwitActiveAfter(Sha256Hash parent) {
        return chain.header(parent).map(e -> segwitActiveAt(e.height() + 1)).orElse(true);
    }

    /** How many peers we asked for high-bandwidth announcements (for tests). */
    int highBandwidthCount() {
        return highBandwidthPeers.size();
    }
}
