package dev.blocksmith.p2p.peer;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.cmpct.PartialBlock;
import dev.blocksmith.p2p.codec.RawFrame;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.message.MessageCodec;
import dev.blocksmith.p2p.v2.TransportStatus;
import io.netty.channel.Channel;

import dev.blocksmith.p2p.message.InvItem;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * State of one connection. All fields are touched only on the network event loop, so no locking is needed;
 * {@link #info} copies them into an immutable snapshot for other threads.
 */
public final class Peer {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Peer.class);
    /** bitcoind's MAX_ADDR_TO_SEND: the most addresses queued for one addr message. */
    public static final int MAX_ADDR_TO_SEND = 1000;
    private final long id;
    private final Channel channel;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final ConnectionType type;
    private final long connectedAtMillis;
    private final TransportStatus transport;
    private final Map<String, Long> bytesSentPerMsg = new HashMap<>();
    private final Map<String, Long> bytesRecvPerMsg = new HashMap<>();
    /** Block hash -> request time (ms); insertion order is request order. */
    private final Map<Sha256Hash, Long> blocksInFlight = new LinkedHashMap<>();
    /** Blocks this peer answered with notfound; bounded like the other per-peer sets. */
    private final Set<Sha256Hash> blocksNotFound = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Hash, Boolean> eldest) {
            return size() > 1024;
        }
    });
    /** Addresses this peer sent us or we sent it (Core's m_addr_known), bounded and oldest-first evicted. */
    private final Set<String> addrKnown = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_ADDR_KNOWN;
        }
    });
    /**
     * Transaction hashes (wtxids to BIP339 peers, else txids) waiting for this peer's next trickled
     * announcement (bitcoind's m_tx_inventory_to_send).
     */
    private final Set<Sha256Hash> txInventoryToSend = new LinkedHashSet<>();
    /** Hashes this peer announced or sent us, or we announced to it (bitcoind's m_tx_inventory_known_filter). */
    private final Set<Sha256Hash> txInventoryKnown = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sha256Hash, Boolean> eldest) {
            return size() > MAX_TX_INVENTORY_KNOWN;
        }
    });
    private final ArrayDeque<InvItem> pendingGetData = new ArrayDeque<>();
    /** Messages waiting for this peer's earlier blocks to be validated (handled in order, as bitcoind). */
    private final ArrayDeque<Message> heldMessages = new ArrayDeque<>();

    // Handshake (version first; wtxidrelay/sendaddrv2 only before verack).
    private Message.Version version;
    private boolean verackReceived;
    private boolean wtxidRelay;
    private boolean sendAddrV2;
    private boolean sendHeaders;
    private long feeFilterPerKvB;
    private long feeFilterSent;
    private long nextFeeFilterMillis;
    private long timeOffsetSeconds;
    private long localNonce;
    private String target = "";

    // Traffic.
    private long bytesSent;
    private long bytesRecv;
    private long lastSendMillis;
    private long lastRecvMillis;
    private SendObserver sendObserver = (peer, command, payload, wireSize, nowMillis) -> { };

    // Ping (BIP31).
    private long pingNonceSent;
    private long pingStartMillis;
    private long lastPingMicros = -1;
    private long minPingMicros = Long.MAX_VALUE;
    /** bitcoind's m_addr_token_bucket starts with a single token. */
    private double addrTokens = 1.0;
    private long addrTokensAtMillis;
    private long addrRateLimited;
    private long addrProcessed;
    private NetPermissions permissions = NetPermissions.NONE;

    // Sync.
    private Sha256Hash bestKnownHash;
    private int bestKnownHeight = -1;
    /** Height reached by the pre-synchronisation of this peer's headers, -1 when none runs. */
    private volatile int presyncedHeaders = -1;
    private int unconnectingHeaders;
    private int blocksValidating;
    private long blockBytesValidating;
    private long lastBlockMillis;
    private long lastTxMillis;
    private boolean headerSyncRequested;
    private Sha256Hash getBlocksContinue;
    private long lastGetHeadersMillis;
    private volatile Sha256Hash bestHeaderSent;
    private volatile int bestHeaderSentHeight = -1;
    private boolean invTriggeredGetHeaders;
    private Sha256Hash lastUnknownBlock;

    // BIP152 compact blocks.
    private boolean providesCmpctBlocks;
    private boolean requestedHbCmpctBlocks;
    private volatile boolean bip152HbFrom;
    private volatile boolean bip152HbTo;
    /** Blocks this peer is sending us as compact blocks, waiting for their missing transactions. */
    private final Map<Sha256Hash, PartialBlock> partialBlocks = new HashMap<>();

    private static final int MAX_ADDR_KNOWN = 5000;
    private static final int MAX_TX_INVENTORY_KNOWN = 50_000;

    // Transaction announcements: node-clock time of the next trickle (0 before the first), and the
    // mempool sequence at the last one (bitcoind starts it at 1).
    private long nextInvSendMillis;
    /** Gossiped addresses waiting for the next addr message, and when that may go. */
    private final List<QueuedAddress> addrsToSend = new java.util.ArrayList<>();
    private long nextAddrSendMillis;
    private boolean addrRelayEnabled;
    private boolean getAddrReceived;
    private long lastInvSequence = 1;

    public static final double ADDR_BURST = 1000;
    public static final double ADDR_RATE_PER_SECOND = 0.1;

    public Peer(long id, Channel channel, ConnectionType type, long nowMillis) {
        this(id, channel, type, nowMillis, TransportStatus.v1());
    }

    public Peer(long id, Channel channel, ConnectionType type, long nowMillis, TransportStatus transport) {
        this(id, channel, type, nowMillis, transport, (InetSocketAddress) channel.remoteAddress(), (InetSocketAddress) channel.localAddress());
    }

    /**
     * A connection whose peer and local addresses are not the channel's own: one made through a SOCKS5 proxy, whose
     * channel ends at the proxy (bitcoind's addr is the destination there, its addrBind the socket's local side).
     */
    public Peer(long id, Channel channel, ConnectionType type, long nowMillis, TransportStatus transport,
                InetSocketAddress remote, InetSocketAddress local) {
        this.id = id;
        this.transport = transport;
        transport.peerId(id);
        this.channel = channel;
        this.remote = remote;
        this.local = local;
        this.type = type;
        this.connectedAtMillis = nowMillis;
        this.addrTokensAtMillis = nowMillis;
    }

    public void send(Message message, long nowMillis) {
        byte[] payload = MessageCodec.encode(message);
        // bitcoind's PushMessage line (net category); Core's tests look for it.
        if (log.isDebugEnabled()) log.debug("sending {} ({} bytes) peer={}", message.command(), payload.length, id);
        sendFrame(message.command(), payload, nowMillis);
    }

    /** sendmsgtopeer: a frame with any command and payload, accounted like the messages we build. */
    public void sendRaw(String command, byte[] payload, long nowMillis) {
        if (log.isDebugEnabled()) log.debug("sending {} ({} bytes) peer={}", command, payload.length, id);
        sendFrame(command, payload, nowMillis);
    }

    private void sendFrame(String command, byte[] payload, long nowMillis) {
        RawFrame frame = new RawFrame(command, payload);
        int size = transport.wireSize(command, payload.length);
        if (!transport.countsRawBytesSent()) bytesSent += size;
        bytesSentPerMsg.merge(command, (long) size, Long::sum);
        lastSendMillis = nowMillis;
        sendObserver.sent(this, command, payload, size, nowMillis);
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /** Told of every message this peer is sent (the upload target, -capturemessages); set once when it connects. */
    @FunctionalInterface
    public interface SendObserver {
        void sent(Peer peer, String command, byte[] payload, int wireSize, long nowMillis);
    }

    public void observeSends(SendObserver observer) {
        this.sendObserver = observer;
    }

    public void recordReceived(RawFrame frame, boolean known, long nowMillis) {
        int size = transport.wireSize(frame.command(), frame.payload().length);
        // A v2 transport counts every received byte itself (bitcoind's nRecvBytes includes the handshake).
        if (!transport.countsRawBytes()) bytesRecv += size;
        // Like Core, unknown commands are accounted under "*other*" so a peer cannot grow the map.
        bytesRecvPerMsg.merge(known ? frame.command() : "*other*", (long) size, Long::sum);
        lastRecvMillis = nowMillis;
    }

    /**
     * Core's address rate limit: a bucket that starts with one token, is refilled at 0.1 per second up to 1000 and
     * gets room for a whole answer when we send getaddr. Returns how many of {@code n} gossiped addresses may be
     * processed now.
     */
    public int takeAddrTokens(int n, long nowMillis) {
        return takeAddrTokens(n, nowMillis, true);
    }

    /**
     * As {@link #takeAddrTokens(int, long)}; when not {@code limited} (the addr permission) the tokens are still
     * spent, as bitcoind's, but every address is processed.
     */
    public int takeAddrTokens(int n, long nowMillis, boolean limited) {
        // Refill only up to the cap; tokens granted for a getaddr answer may exceed it until used.
        if (addrTokens < ADDR_BURST) {
            addrTokens = Math.min(ADDR_BURST, addrTokens + Math.max(0, nowMillis - addrTokensAtMillis) / 1000.0 * ADDR_RATE_PER_SECOND);
        }
        addrTokensAtMillis = nowMillis;
        int fromBucket = (int) Math.min(n, Math.floor(addrTokens));
        addrTokens -= fromBucket;
        int allowed = limited ? fromBucket : n;
        addrProcessed += allowed;
        addrRateLimited += n - allowed;
        return allowed;
    }

    public long addrRateLimited() { return addrRateLimited; }

    /** Room for the answer to our getaddr (Core adds MAX_ADDR_TO_SEND to the bucket). */
    public void grantAddrTokens(int n) {
        addrTokens += n;
    }

    /** A frame the decoder dropped (bad checksum, malformed type): counted under "*other*" as bitcoind does. */
    public void recordDropped(int wireSize, long nowMillis) {
        if (!transport.countsRawBytes()) bytesRecv += wireSize;
        bytesRecvPerMsg.merge("*other*", (long) wireSize, Long::sum);
        lastRecvMillis = nowMillis;
    }

    public ArrayDeque<Message> heldMessages() { return heldMessages; }

    /** Whitelist permissions of this connection (bitcoind's m_permission_flags). */
    public NetPermissions permissions() { return permissions; }
    public void permissions(NetPermissions p) { permissions = p; }

    public long id() { return id; }
    public Channel channel() { return channel; }
    public InetSocketAddress remote() { return remote; }
    /** Our side of the connection (bitcoind's addrBind). */
    public InetSocketAddress local() { return local; }
    public ConnectionType type() { return type; }
    public boolean inbound() { return type == ConnectionType.INBOUND; }
    public long connectedAtMillis() { return connectedAtMillis; }
    public Optional<Message.Version> version() { return Optional.ofNullable(version); }
    public void version(Message.Version v, long offsetSeconds) { this.version = v; this.timeOffsetSeconds = offsetSeconds; }
    /** For outbound connections: the name we dialled (as given to -connect/-addnode), else empty. */
    public String target() { return target; }
    public void target(String t) { target = t; }
    /** The nonce of the version message we sent (self-connection detection). */
    public long localNonce() { return localNonce; }
    public void localNonce(long n) { localNonce = n; }
    public boolean verackReceived() { return verackReceived; }
    public void verackReceived(boolean v) { verackReceived = v; }
    public boolean handshakeComplete() { return version != null && verackReceived; }
    public boolean wtxidRelay() { return wtxidRelay; }
    public void wtxidRelay(boolean v) { wtxidRelay = v; }
    public boolean sendAddrV2() { return sendAddrV2; }
    public void sendAddrV2(boolean v) { sendAddrV2 = v; }
    public boolean sendHeaders() { return sendHeaders; }
    public void sendHeaders(boolean v) { sendHeaders = v; }
    public long feeFilterPerKvB() { return feeFilterPerKvB; }
    public void feeFilterPerKvB(long v) { feeFilterPerKvB = v; }
    /** The last feefilter we sent this peer, and when the next may go (bitcoind's m_fee_filter_sent, m_next_send_feefilter). */
    public long feeFilterSent() { return feeFilterSent; }
    public void feeFilterSent(long v) { feeFilterSent = v; }
    public long nextFeeFilterMillis() { return nextFeeFilterMillis; }
    public void nextFeeFilterMillis(long v) { nextFeeFilterMillis = v; }
    public long pingNonceSent() { return pingNonceSent; }
    public long pingStartMillis() { return pingStartMillis; }
    public void pingSent(long nonce, long nowMillis) { pingNonceSent = nonce; pingStartMillis = nowMillis; }
    /** The outstanding ping is over (answered, or cancelled by a short or zero-nonce pong). */
    public void pingFinished() { pingNonceSent = 0; }
    public void pongReceived(long rttMicros) {
        lastPingMicros = rttMicros;
        minPingMicros = Math.min(minPingMicros, rttMicros);
    }
    public long lastSendMillis() { return lastSendMillis; }
    public long lastRecvMillis() { return lastRecvMillis; }
    /** Bytes sent: per frame with v1, every byte (handshake included) with v2, as bitcoind's nSendBytes. */
    public long bytesSent() { return bytesSent + transport.rawBytesSent(); }
    public long bytesRecv() { return bytesRecv + transport.rawBytesReceived(); }
    /** The connection's transport (v1, v2 or still detecting) and its BIP324 session. */
    public TransportStatus transport() { return transport; }
    public Map<Sha256Hash, Long> blocksInFlight() { return blocksInFlight; }

    private long stallingSinceMillis;

    /**
     * bitcoind's m_stalling_since: when this peer was found holding up the block download window (the first block
     * of the window is in flight from it while another peer has nothing left to fetch); 0 when not stalling.
     */
    public long stallingSinceMillis() { return stallingSinceMillis; }
    public void stallingSinceMillis(long t) { stallingSinceMillis = t; }
    public Set<Sha256Hash> blocksNotFound() { return blocksNotFound; }
    public ArrayDeque<InvItem> pendingGetData() { return pendingGetData; }
    public Optional<Sha256Hash> bestKnownHash() { return Optional.ofNullable(bestKnownHash); }
    public int bestKnownHeight() { return bestKnownHeight; }

    public int presyncedHeaders() { return presyncedHeaders; }

    public void presyncedHeaders(int height) { presyncedHeaders = height; }
    /** Sets the peer's best known block without comparing (the caller compared chain work). */
    public void replaceBestKnown(Sha256Hash hash, int height) {
        bestKnownHash = hash;
        bestKnownHeight = height;
    }
    public void bestKnown(Sha256Hash hash, int height) {
        // bitcoind's UpdateBlockAvailability takes a block with at least as much work as the best known one:
        // after invalidateblock, a sibling of the invalidated block must become the peer's best so that it
        // is fetched (feature_csv_activation).
        if (height >= bestKnownHeight) {
            bestKnownHash = hash;
            bestKnownHeight = height;
        }
    }
    /**
     * Queues a gossiped address for the next addr message (bitcoind's PushAddress): one the peer knows is skipped;
     * a full queue has a random entry replaced.
     */
    public void pushAddress(String key, dev.blocksmith.p2p.message.AddrV2Entry entry, java.util.random.RandomGenerator random) {
        if (addrKnown.contains(key)) return;
        QueuedAddress q = new QueuedAddress(key, entry);
        if (addrsToSend.size() >= MAX_ADDR_TO_SEND) {
            addrsToSend.set(random.nextInt(addrsToSend.size()), q);
        } else {
            addrsToSend.add(q);
        }
    }

    /** An address waiting in {@link #pushAddress}'s queue, with its known-set key. */
    public record QueuedAddress(String key, dev.blocksmith.p2p.message.AddrV2Entry entry) {
    }

    /**
     * Takes the queued addresses the peer does not know yet, marking them known (bitcoind's MaybeSendAddr filter),
     * and empties the queue.
     */
    public List<QueuedAddress> takeAddressesToSend() {
        List<QueuedAddress> out = new java.util.ArrayList<>();
        for (QueuedAddress q : addrsToSend) {
            if (addrKnown.add(q.key())) out.add(q);
        }
        addrsToSend.clear();
        return out;
    }

    /**
     * Whether addresses are relayed to this peer (bitcoind's m_addr_relay_enabled): on for outbound peers that take
     * part in address relay, and for inbound ones once they send getaddr, addr or addrv2.
     */
    public boolean addrRelayEnabled() { return addrRelayEnabled; }
    /** Whether this peer already sent getaddr (bitcoind's m_getaddr_recvd: one answer per connection). */
    public boolean getAddrReceived() { return getAddrReceived; }
    public void getAddrReceived(boolean v) { getAddrReceived = v; }
    public void addrRelayEnabled(boolean v) { addrRelayEnabled = v; }

    /** Node-clock time of the next addr message (bitcoind's m_next_addr_send; 0 before the first). */
    public long nextAddrSendMillis() { return nextAddrSendMillis; }
    public void nextAddrSendMillis(long t) { nextAddrSendMillis = t; }

    public boolean knowsAddr(String address) { return addrKnown.contains(address); }
    public void addrKnown(String address) { addrKnown.add(address); }
    /** When this peer last gave us a new valid block / mempool transaction (eviction protection). */
    public long lastBlockMillis() { return lastBlockMillis; }
    public void lastBlockMillis(long t) { lastBlockMillis = t; }
    public long lastTxMillis() { return lastTxMillis; }
    public void lastTxMillis(long t) { lastTxMillis = t; }
    /** Minimum observed ping round trip in microseconds, Long.MAX_VALUE before the first pong. */
    public long minPingMicros() { return minPingMicros; }
    /** Blocks from this peer queued for validation. */
    public int blocksValidating() { return blocksValidating; }
    public void blocksValidating(int n) { blocksValidating = n; }
    /** The serialized size of the blocks from this peer queued for validation. */
    public long blockBytesValidating() { return blockBytesValidating; }
    public void blockBytesValidating(long n) { blockBytesValidating = n; }
    public int unconnectingHeaders() { return unconnectingHeaders; }
    public void unconnectingHeaders(int n) { unconnectingHeaders = n; }
    public boolean headerSyncRequested() { return headerSyncRequested; }
    public void headerSyncRequested(boolean v) { headerSyncRequested = v; }
    /** A block the peer announced before we knew its header (bitcoind's hashLastUnknownBlock). */
    public Optional<Sha256Hash> lastUnknownBlock() { return Optional.ofNullable(lastUnknownBlock); }
    public void lastUnknownBlock(Sha256Hash h) { lastUnknownBlock = h; }
    /** Whether an inv from this peer made us send getheaders before headers sync with it started. */
    public boolean invTriggeredGetHeaders() { return invTriggeredGetHeaders; }
    public void invTriggeredGetHeaders(boolean v) { invTriggeredGetHeaders = v; }
    /** The last header we sent this peer (bitcoind's pindexBestHeaderSent). */
    public Optional<Sha256Hash> bestHeaderSent() { return Optional.ofNullable(bestHeaderSent); }
    public int bestHeaderSentHeight() { return bestHeaderSentHeight; }
    public void bestHeaderSent(Sha256Hash hash, int height) { bestHeaderSent = hash; bestHeaderSentHeight = height; }
    /** When we last sent this peer a getheaders still unanswered (0: none outstanding). */
    public long lastGetHeadersMillis() { return lastGetHeadersMillis; }
    public void lastGetHeadersMillis(long t) { lastGetHeadersMillis = t; }
    public Optional<Sha256Hash> getBlocksContinue() { return Optional.ofNullable(getBlocksContinue); }
    public void getBlocksContinue(Sha256Hash h) { getBlocksContinue = h; }

    /** The peer sent sendcmpct version 2: it can take and serve compact blocks (bitcoind's m_provides_cmpctblocks). */
    public boolean providesCmpctBlocks() { return providesCmpctBlocks; }
    public void providesCmpctBlocks(boolean v) { providesCmpctBlocks = v; }
    /** Its last sendcmpct asked for new blocks as cmpctblock before validation (m_requested_hb_cmpctblocks). */
    public boolean requestedHbCmpctBlocks() { return requestedHbCmpctBlocks; }
    public void requestedHbCmpctBlocks(boolean v) { requestedHbCmpctBlocks = v; }
    /** The peer chose us as a high-bandwidth announcer (getpeerinfo's bip152_hb_from). */
    public boolean bip152HbFrom() { return bip152HbFrom; }
    public void bip152HbFrom(boolean v) { bip152HbFrom = v; }
    /** We chose the peer as a high-bandwidth announcer (getpeerinfo's bip152_hb_to). */
    public boolean bip152HbTo() { return bip152HbTo; }
    public void bip152HbTo(boolean v) { bip152HbTo = v; }
    public Map<Sha256Hash, PartialBlock> partialBlocks() { return partialBlocks; }

    public Set<Sha256Hash> txInventoryToSend() { return txInventoryToSend; }
    public Set<Sha256Hash> txInventoryKnown() { return txInventoryKnown; }
    public long nextInvSendMillis() { return nextInvSendMillis; }
    public void nextInvSendMillis(long t) { nextInvSendMillis = t; }
    public long lastInvSequence() { return lastInvSequence; }
    public void lastInvSequence(long s) { lastInvSequence = s; }

    /**
     * Whether transaction relay is set up with this peer (bitcoind's Peer::TxRelay): once its version is
     * known, for every connection type but block-relay-only and feelers.
     */
    public boolean hasTxRelay() {
        return version != null && type.relaysTransactions();
    }

    /**
     * bitcoind's m_relay_txs: the version's fRelay, or set by a BIP37 filterload or filterclear (a peer that sent
     * fRelay=0 to load its filter first).
     */
    public boolean relaysTxs() {
        return type.relaysTransactions() && version != null && (version.relay() || relayTxsByFilter);
    }

    private boolean relayTxsByFilter;
    private dev.blocksmith.p2p.bloom.BloomFilter bloomFilter;
    private boolean sendMempool;

    /** The peer's BIP37 filter, if it loaded one. */
    public java.util.Optional<dev.blocksmith.p2p.bloom.BloomFilter> bloomFilter() {
        return java.util.Optional.ofNullable(bloomFilter);
    }

    /** filterload (a filter) or filterclear (none): either way transactions are relayed from now on. */
    public void bloomFilter(java.util.Optional<dev.blocksmith.p2p.bloom.BloomFilter> filter) {
        bloomFilter = filter.orElse(null);
        relayTxsByFilter = true;
    }

    /** BIP35: the peer asked for our mempool, answered with the next inventory trickle (bitcoind's m_send_mempool). */
    public boolean sendMempool() { return sendMempool; }
    public void sendMempool(boolean send) { sendMempool = send; }

    public PeerInfo info(long nowMillis, int syncedBlocks, List<Integer> inflightHeights) {
        Message.Version v = version;
        return new PeerInfo(
                id,
                format(remote),
                format(local),
                v == null ? 0 : v.services(),
                ServiceFlags.names(v == null ? 0 : v.services()),
                relaysTxs(),
                hasTxRelay() ? lastInvSequence : 0,
                hasTxRelay() ? txInventoryToSend.size() : 0,
                lastSendMillis / 1000,
                lastRecvMillis / 1000,
                bytesSent(),
                bytesRecv(),
                connectedAtMillis / 1000,
                timeOffsetSeconds,
                lastPingMicros < 0 ? Optional.empty() : Optional.of(lastPingMicros / 1e6),
                minPingMicros == Long.MAX_VALUE ? Optional.empty() : Optional.of(minPingMicros / 1e6),
                pingNonceSent == 0 ? Optional.empty() : Optional.of((nowMillis - pingStartMillis) / 1e3),
                v == null ? 0 : v.protocolVersion(),
                v == null ? "" : v.cleanUserAgent(),
                inbound(),
                bip152HbTo,
                bip152HbFrom,
                v == null ? -1 : v.startHeight(),
                presyncedHeaders,
                bestKnownHeight,
                syncedBlocks,
                inflightHeights,
                type.rpcName(),
                wtxidRelay,
                sendAddrV2,
                feeFilterPerKvB,
                bytesSentPerMsg,
                bytesRecvPerMsg,
                lastBlockMillis / 1000,
                lastTxMillis / 1000,
                addrRelayEnabled,
                addrProcessed,
                addrRateLimited,
                permissions.names(),
                transport.type().rpcName(),
                java.util.HexFormat.of().formatHex(transport.sessionId()));
    }

    /** "ip:port", with brackets around IPv6 addresses, as bitcoind prints peer addresses. */
    public static String format(InetSocketAddress a) {
        if (a == null) return "";
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }

    @Override
    public String toString() {
        return "peer=" + id + " " + format(remote);
    }
}
