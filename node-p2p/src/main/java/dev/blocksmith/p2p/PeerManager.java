package dev.blocksmith.p2p;

import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.p2p.addr.AddressManager;
import dev.blocksmith.p2p.addr.KnownAddress;
import dev.blocksmith.p2p.codec.DroppedFrame;
import dev.blocksmith.p2p.codec.ProtocolViolation;
import dev.blocksmith.p2p.codec.RawFrame;
import dev.blocksmith.p2p.message.AddrV2Entry;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.bloom.BloomFilter;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.message.MessageCodec;
import dev.blocksmith.p2p.message.NetAddress;
import dev.blocksmith.p2p.message.OversizedMessage;
import dev.blocksmith.p2p.peer.BanManager;
import dev.blocksmith.p2p.peer.ConnectionType;
import dev.blocksmith.p2p.peer.Eviction;
import dev.blocksmith.p2p.peer.NetPermission;
import dev.blocksmith.p2p.peer.NetPermissions;
import dev.blocksmith.p2p.peer.NetWhitebindPermissions;
import dev.blocksmith.p2p.peer.NetWhitelistPermissions;
import dev.blocksmith.p2p.peer.Peer;
import dev.blocksmith.p2p.traffic.MessageCapture;
import dev.blocksmith.p2p.traffic.UploadTarget;
import dev.blocksmith.p2p.peer.ServiceFlags;
import dev.blocksmith.p2p.sync.ChainBackend;
import dev.blocksmith.p2p.sync.CompactFilterServer;
import dev.blocksmith.p2p.sync.CompactFilterSource;
import dev.blocksmith.p2p.sync.PeerNetwork;
import dev.blocksmith.p2p.sync.SyncManager;
import dev.blocksmith.p2p.sync.TxRelay;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection lifecycle and message dispatch: the version/verack handshake, ping/pong, misbehaviour, and
 * routing of everything else to {@link SyncManager} and {@link TxRelay}. Runs only on the event loop.
 */
final class PeerManager implements PeerNetwork {
    private static final Logger log = LoggerFactory.getLogger(PeerManager.class);
    static final int PROTOCOL_VERSION = 70016;
    /** Core's MIN_PEER_PROTO_VERSION. */
    static final int MIN_PEER_PROTOCOL_VERSION = 31800;
    /** BIP339 applies to peers at or above this version. */
    static final int WTXID_RELAY_VERSION = 70016;
    /** The services assumed of addresses from DNS seeds (bitcoind's SeedsServiceFlags). */
    static final long LOCAL_SERVICES = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
    /** The user agent without -uacomment values. */
    static final String USER_AGENT = UserAgent.formatUnchecked(List.of());

    private final P2PConfig config;
    private final RelayOptions relay;
    private final ChainBackend chain;
    private final BanManager bans;
    private final AddressManager addrman;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** The secret that keys network groups for eviction (bitcoind's nKeyedNetGroup). */
    private final long netGroupKey = random.nextLong();
    /** BIP330 negotiation state, with -txreconciliation only. */
    private final dev.blocksmith.p2p.sync.TxReconciliationTracker reconciliation = new dev.blocksmith.p2p.sync.TxReconciliationTracker(random);
    private final dev.blocksmith.p2p.sync.FeeFilterRounder feeFilterRounder = new dev.blocksmith.p2p.sync.FeeFilterRounder(random);
    private final Map<Long, Peer> peers = new LinkedHashMap<>();
    private final AddressGossip gossip;
    private final Set<Long> ourNonces = Collections.synchronizedSet(new HashSet<>());
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong totalBytesSent = new AtomicLong();
    private final AtomicLong totalBytesRecv = new AtomicLong();
    private SyncManager sync;
    private volatile boolean networkActive = true;
    private volatile int localPort;
    private TxRelay txRelay;
    private dev.blocksmith.p2p.sync.CompactBlockRelay compact;
    private CompactFilterServer compactFilters;
    private volatile boolean servesCompactFilters;
    /** -v2transport (bitcoind default on); set before the network starts. */
    private volatile boolean v2Transport;
    /** -maxuploadtarget and -capturemessages; set before the network starts. */
    private volatile UploadTarget uploadTarget = UploadTarget.unlimited();
    private volatile MessageCapture capture = MessageCapture.off();

    PeerManager(P2PConfig config, ChainBackend chain, BanManager bans, AddressManager addrman, Clock clock) {
        this(config, chain, bans, addrman, clock, RelayOptions.defaults());
    }

    PeerManager(P2PConfig config, ChainBackend chain, BanManager bans, AddressManager addrman, Clock clock, RelayOptions relay) {
        this.relay = relay;
        this.config = config;
        this.chain = chain;
        this.bans = bans;
        this.addrman = addrman;
        this.gossip = new AddressGossip(addrman, peers::values);
        this.clock = clock;
    }

    void attach(SyncManager sync, TxRelay txRelay, dev.blocksmith.p2p.sync.CompactBlockRelay compact) {
        this.sync = sync;
        this.txRelay = txRelay;
        this.compact = compact;
        this.compactFilters = new CompactFilterServer(this, Optional.empty());
    }

    /** -peerblockfilters: serve BIP157 from {@code source} and advertise NODE_COMPACT_FILTERS. */
    void serveCompactFilters(CompactFilterSource source) {
        this.compactFilters = new CompactFilterServer(this, Optional.of(source));
        this.servesCompactFilters = true;
    }

    /** -maxuploadtarget and -capturemessages; call before the network starts. */
    void useTraffic(UploadTarget target, MessageCapture messageCapture) {
        this.uploadTarget = target;
        this.capture = messageCapture;
    }

    @Override
    public UploadTarget uploadTarget() {
        return uploadTarget;
    }

    /** Every message sent counts against the upload target (bitcoind's RecordBytesSent) and may be captured. */
    private void onSent(Peer peer, String command, byte[] payload, int wireSize, long now) {
        uploadTarget.recordSent(wireSize, now / 1000);
        if (capture.enabled()) capture.capture(Peer.format(peer.remote()), command, payload, false, now * 1000);
    }

    @Override
    public Collection<Peer> peers() {
        return peers.values();
    }

    @Override
    public long nowMillis() {
        return clock.millis();
    }

    long totalBytesSent() {
        return totalBytesSent.get() + peers.values().stream().mapToLong(Peer::bytesSent).sum();
    }

    /**
     * Every byte read from any socket, counted as it arrives (bitcoind's RecordBytesRecv), so a partly
     * received message already shows in getnettotals.
     */
    long totalBytesRecv() {
        return totalBytesRecv.get();
    }

    /** Raw bytes read from a socket, before framing. */
    void onBytesReceived(int n) {
        totalBytesRecv.addAndGet(n);
    }

    /**
     * Whether an inbound connection may be accepted now (bitcoind's AcceptConnection): banned addresses
     * are refused unless noban; discouraged ones only when the inbound slots are (nearly) full.
     */
    boolean acceptInbound(InetSocketAddress remote, InetSocketAddress local) {
        if (!networkActive) return false;
        InetAddress address = remote.getAddress();
        boolean noban = permissionsFor(remote, local, ConnectionType.INBOUND).has(NetPermission.NOBAN);
        if (!noban && bans.isBanned(address)) {
            log.debug("connection from {} dropped (banned)", Peer.format(remote));
            return false;
        }
        long inbound = peers.values().stream().filter(Peer::inbound).count();
        if (!noban && inbound + 1 >= maxInbound() && bans.isDiscouraged(address)) {
            log.debug("connection from {} dropped (discouraged)", Peer.format(remote));
            return false;
        }
        if (inbound < maxInbound() && peers.size() < config.maxConnections()) return true;
        // Full: make room by evicting the least useful inbound peer, if there is one to spare.
        Optional<Peer> victim = Eviction.choose(new ArrayList<>(peers.values()), netGroupKey,
                p -> bans.isDiscouraged(p.remote().getAddress()));
        if (victim.isEmpty()) return false;
        log.info("Inbound slots full: evicting {}", victim.get());
        onDisconnected(victim.get());
        victim.get().channel().close();
        return true;
    }

    /** Core keeps room for its automatic outbound connections: 8 full-relay, 2 block-relay-only, 1 feeler. */
    private int maxInbound() {
        return Math.max(0, config.maxConnections() - P2PConfig.MAX_OUTBOUND_FULL_RELAY - P2PConfig.MAX_BLOCK_RELAY_ONLY - 1);
    }

    /**
     * The whitelist permissions of a connection: for inbound ones those of the -whitebind address it came
     * in on plus every -whitelist entry for inbound connections that holds the remote address; for
     * outbound ones the entries marked "out". Implicit entries are resolved as bitcoind does.
     */
    NetPermissions permissionsFor(InetSocketAddress remote, InetSocketAddress local, ConnectionType type) {
        boolean inbound = type == ConnectionType.INBOUND;
        NetPermissions granted = NetPermissions.NONE;
        if (inbound && local != null) {
            for (NetWhitebindPermissions wb : config.whitebind()) {
                if (wb.address().equals(local)) granted = granted.union(wb.permissions());
            }
        }
        if (remote != null && remote.getAddress() != null) {
            for (NetWhitelistPermissions wl : config.whitelist()) {
                if (wl.matches(remote.getAddress(), inbound)) granted = granted.union(wl.permissions());
            }
        }
        return granted.resolveImplicit(config.whitelistRelay(), config.whitelistForceRelay());
    }

    Peer onConnected(Channel channel, ConnectionType type, String target, dev.blocksmith.p2p.v2.TransportStatus transport) {
        return onConnected(channel, type, target, transport, (InetSocketAddress) channel.remoteAddress(),
                (InetSocketAddress) channel.localAddress());
    }

    /** A connection with the given peer and local addresses (a proxied one: its channel ends at the proxy). */
    Peer onConnected(Channel channel, ConnectionType type, String target, dev.blocksmith.p2p.v2.TransportStatus transport,
                     InetSocketAddress remote, InetSocketAddress local) {
        Peer peer = new Peer(nextId.getAndIncrement(), channel, type, nowMillis(), transport, remote, local);
        peer.permissions(permissionsFor(peer.remote(), local, type));
        peer.target(target);
        peer.observeSends(this::onSent);
        peers.put(peer.id(), peer);
        log.debug("Connected {} ({})", peer, type.rpcName());
        // bitcoind's line for a new connection (without -logips); tests wait for it.
        log.debug("Added connection peer={}", peer.id());
        if (!peer.inbound()) sendVersion(peer);
        return peer;
    }

    void onDisconnected(Peer peer) {
        if (peers.remove(peer.id()) == null) return;
        totalBytesSent.addAndGet(peer.bytesSent());
        ourNonces.remove(peer.localNonce());
        reconciliation.forget(peer.id());
        log.debug("Disconnected {}", peer);
        sync.onDisconnected(peer);
        txRelay.onDisconnected(peer);
    }

    /** A framing-level failure or exception on the channel. */
    void onError(Peer peer, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && !(root instanceof ProtocolViolation)) root = root.getCause();
        if (root instanceof ProtocolViolation pv) {
            // bitcoind closes the connection on a broken frame header but does not discourage the address.
            log.debug("{}, peer={}", pv.getMessage(), peer.id());
            disconnect(peer, "transport error");
        } else if (root instanceof IOException) {
            log.debug("Connection error on {}: {}", peer, root.toString());
            disconnect(peer, "I/O error");
        } else {
            log.warn("Internal error while handling {}; disconnecting", peer, cause);
            disconnect(peer, "internal error");
        }
    }

    /**
     * bitcoind's Misbehaving plus MaybeDiscourageAndDisconnect: noban and manually connected peers are
     * neither discouraged nor disconnected (the operator chose them); local peers are disconnected but
     * not discouraged (that would hit every local peer); anyone else is discouraged and disconnected.
     */
    @Override
    public void misbehaving(Peer peer, String reason) {
        log.debug("Misbehaving: peer={}{}", peer.id(), reason.isEmpty() ? "" : ": " + reason);
        InetAddress address = peer.remote().getAddress();
        if (peer.permissions().has(NetPermission.NOBAN)) {
            log.info("Warning: not punishing noban peer {}!", peer.id());
        } else if (peer.type() == ConnectionType.MANUAL) {
            log.info("Warning: not punishing manually connected peer {}!", peer.id());
        } else if (isLocal(address) && !config.discourageLocalPeers()) {
            log.info("Warning: disconnecting but not discouraging local peer {}!", peer.id());
            peer.channel().close();
        } else {
            log.debug("Disconnecting and discouraging peer {}!", peer.id());
            bans.discourage(address);
            peer.channel().close();
        }
    }

    /** bitcoind's CNetAddr::IsLocal: IPv4 127/8 and 0/8, IPv6 ::1. */
    static boolean isLocal(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 4) return raw[0] == 127 || raw[0] == 0;
        return address.isLoopbackAddress();
    }

    @Override
    public void disconnect(Peer peer, String reason) {
        // bitcoind's DisconnectMsg suffix: tests wait for "<reason>, disconnecting peer=N".
        log.debug("{}, disconnecting peer={}", reason, peer.id());
        peer.channel().close();
    }

    private void sendVersion(Peer peer) {
        long nonce = random.nextLong();
        // Only outbound nonces identify a connection to ourselves (Core's CheckIncomingNonce).
        if (!peer.inbound()) ourNonces.add(nonce);
        Message.Version v = new Message.Version(PROTOCOL_VERSION, localServices(), nowMillis() / 1000,
                NetAddress.of(0, peer.remote()), NetAddress.unroutable(localServices()), nonce, config.userAgent(),
                chain.tip().height(), !rejectsIncomingTxs(peer));
        peer.send(v, nowMillis());
        peer.localNonce(nonce);
    }

    /** A frame dropped by the decoder (bad checksum, malformed type): logged and counted, nothing else. */
    void onDroppedFrame(Peer peer, DroppedFrame frame) {
        log.debug("{}, peer={}", frame.error(), peer.id());
        peer.recordDropped(frame.wireSize(), nowMillis());
    }

    void onFrame(Peer peer, RawFrame frame) {
        long now = nowMillis();
        log.debug("received: {} ({} bytes) peer={}", frame.command(), frame.payload().length, peer.id());
        if (capture.enabled()) capture.capture(Peer.format(peer.remote()), frame.command(), frame.payload(), true, now * 1000);
        Message message;
        try {
            message = MessageCodec.decode(frame.command(), frame.payload());
        } catch (OversizedMessage e) {
            peer.recordReceived(frame, true, now);
            if (e.locator()) {
                disconnect(peer, e.getMessage());
            } else {
                misbehaving(peer, e.getMessage());
            }
            return;
        } catch (SerializationException | IllegalArgumentException e) {
            peer.recordReceived(frame, true, now);
            if (frame.command().equals("pong") && peer.handshakeComplete()) {
                onPong(peer, Optional.empty(), frame.payload().length, now);
                return;
            }
            // bitcoind catches deserialisation errors, logs them and carries on without punishing the peer.
            log.debug("ProcessMessages({}, {} bytes): Exception '{}' ({}) caught", frame.command(), frame.payload().length,
                    e.getMessage(), e.getClass().getSimpleName());
            return;
        }
        peer.recordReceived(frame, !(message instanceof Message.Unknown), now);
        if (!peer.channel().isActive()) return;
        handle(peer, message);
        // As bitcoind's message handler: each processed message is followed by the peer's send step.
        sendMessages(peer);
    }

    private void handle(Peer peer, Message message) {
        if (message instanceof Message.Version v) {
            onVersion(peer, v);
            return;
        }
        if (peer.version().isEmpty()) {
            log.debug("non-version message before version handshake. Message \"{}\" from peer={}", message.command(), peer.id());
            return;
        }
        switch (message) {
            case Message.Verack ignored -> onVerack(peer);
            case Message.WtxidRelay ignored -> {
                if (peer.verackReceived()) {
                    disconnect(peer, "wtxidrelay received after verack");
                } else if (peer.version().get().protocolVersion() >= WTXID_RELAY_VERSION) {
                    peer.wtxidRelay(true);
                }
            }
            case Message.SendAddrV2 ignored -> {
                if (peer.verackReceived()) disconnect(peer, "sendaddrv2 received after verack");
                else peer.sendAddrV2(true);
            }
            case Message.SendTxRcncl m -> onSendTxRcncl(peer, m);
            default -> {
                if (!peer.verackReceived()) {
                    log.debug("Unsupported message \"{}\" prior to verack from peer={}", message.command(), peer.id());
                    return;
                }
                dispatch(peer, message);
            }
        }
    }

    /** bitcoind's SENDTXRCNCL handling (BIP330 negotiation), with its log texts. */
    private void onSendTxRcncl(Peer peer, Message.SendTxRcncl m) {
        if (!relay.txReconciliation()) {
            log.debug("sendtxrcncl from peer={} ignored, as our node does not have txreconciliation enabled", peer.id());
            return;
        }
        if (peer.verackReceived()) {
            disconnect(peer, "sendtxrcncl received after verack");
            return;
        }
        if (rejectsIncomingTxs(peer)) {
            disconnect(peer, "sendtxrcncl received to which we indicated no tx relay");
            return;
        }
        if (!peer.type().relaysTransactions() || !peer.version().map(Message.Version::relay).orElse(false)) {
            disconnect(peer, "sendtxrcncl received which indicated no tx relay to us");
            return;
        }
        switch (reconciliation.register(peer.id(), peer.inbound(), m.version(), m.salt())) {
            case NOT_FOUND -> log.debug("Ignore unexpected txreconciliation signal from peer={}", peer.id());
            case SUCCESS -> { }
            case ALREADY_REGISTERED -> disconnect(peer, "txreconciliation protocol violation (sendtxrcncl received from already registered peer)");
            case PROTOCOL_VIOLATION -> disconnect(peer, "txreconciliation protocol violation");
        }
    }

    private void onVersion(Peer peer, Message.Version v) {
        if (peer.version().isPresent()) {
            log.debug("redundant version message from peer={}", peer.id());
            return;
        }
        if (peer.inbound() && ourNonces.contains(v.nonce())) {
            log.info("connected to self at {}, disconnecting", Peer.format(peer.remote()));
            disconnect(peer, "self connection");
            return;
        }
        if (v.protocolVersion() < MIN_PEER_PROTOCOL_VERSION) {
            disconnect(peer, "using obsolete version " + v.protocolVersion());
            return;
        }
        // bitcoind's ExpectServicesFromConn: the connection types we open to get blocks or addresses.
        boolean expectsServices = peer.type() == ConnectionType.OUTBOUND_FULL_RELAY
                || peer.type() == ConnectionType.BLOCK_RELAY_ONLY || peer.type() == ConnectionType.ADDR_FETCH;
        long desired = ServiceFlags.desirable(v.services(), tipDepthInBlocks());
        if (expectsServices && (v.services() & desired) != desired) {
            disconnect(peer, String.format(java.util.Locale.ROOT, "peer does not offer the expected services (%08x offered, %08x expected)",
                    v.services(), desired));
            return;
        }
        long offset = v.timestamp() - nowMillis() / 1000;
        peer.version(v, offset);
        // bitcoind's SetupAddressRelay when an outbound peer's version is processed (block-relay-only ones never).
        if (!peer.inbound() && peer.type() != ConnectionType.BLOCK_RELAY_ONLY) peer.addrRelayEnabled(true);
        if (peer.inbound()) sendVersion(peer);
        long now = nowMillis();
        // BIP339 and BIP155 negotiation messages go between version and verack.
        // bitcoind offers BIP155 (sendaddrv2) only to peers of version 70016 or later, as wtxidrelay.
        if (v.protocolVersion() >= WTXID_RELAY_VERSION) {
            peer.send(new Message.WtxidRelay(), now);
            peer.send(new Message.SendAddrV2(), now);
            // BIP330, as bitcoind with -txreconciliation: offered to a peer that wants our transactions (not a block-relay
            // or feeler connection, relay set in its version), not over an addr-fetch connection, not in -blocksonly mode.
            if (relay.txReconciliation() && peer.type().relaysTransactions() && v.relay()
                    && peer.type() != ConnectionType.ADDR_FETCH && !relay.blocksOnly()) {
                peer.send(new Message.SendTxRcncl(dev.blocksmith.p2p.sync.TxReconciliationTracker.VERSION, reconciliation.preRegister(peer.id())), now);
            }
        }
        peer.send(new Message.Verack(), now);
        // bitcoind ends a feeler once its version is processed: the address answered, which is all a feeler is for
        // (its VERSION handler records the success in addrman first).
        if (peer.type() == ConnectionType.FEELER) {
            addrman.markGood(peer.remote(), v.services());
            disconnect(peer, "feeler connection completed");
        }
    }

    private void onVerack(Peer peer) {
        if (peer.verackReceived()) return;
        peer.verackReceived(true);
        // BIP330: reconciliation needs wtxid relay, which cannot be announced later; a half-done negotiation is dropped.
        if (relay.txReconciliation() && (!peer.wtxidRelay() || !reconciliation.isRegistered(peer.id()))) {
            reconciliation.forget(peer.id());
        }
        long now = nowMillis();
        Message.Version v = peer.version().orElseThrow();
        log.info("New {} peer {} version {} {} height {}", peer.type().rpcName(), peer, v.protocolVersion(), v.cleanUserAgent(), v.startHeight());
        peer.send(new Message.SendHeaders(), now);
        // BIP152: we speak version 2, low-bandwidth (sent to peers without NODE_NETWORK too: they may ask us).
        compact.offer(peer, now);
        // The first feefilter goes with the handshake, as bitcoind's first SendMessages after the verack sends it.
        maybeSendFeeFilter(peer, now);
        sendPing(peer, now);
        if (!peer.inbound()) {
            addrman.markGood(peer.remote(), v.services());
            if (relaysAddresses(peer)) {
                peer.grantAddrTokens(MessageCodec.MAX_ADDR_ITEMS);
                peer.send(new Message.GetAddr(), now);
                advertiseLocal(peer, now);
            }
        }
        if (peer.type() == ConnectionType.FEELER) {
            disconnect(peer, "feeler connection completed");
            return;
        }
        if (peer.type() == ConnectionType.ADDR_FETCH) return;
        sync.onHandshakeComplete(peer);
    }

    /**
     * Tells an outbound peer where we can be reached (Core's AdvertiseLocal), if we listen and the operator
     * gave our public address with -externalip; names are not resolved here, only IP literals are sent.
     */
    private void advertiseLocal(Peer peer, long now) {
        if (!config.listen() || localPort <= 0) return;
        for (String ip : config.externalIp()) {
            InetSocketAddress self;
            try {
                self = ConnectionManager.parse(ip, localPort);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String host = self.getHostString();
            if (!host.matches("[0-9a-fA-F:.]+")) continue;
            InetSocketAddress resolved = new InetSocketAddress(host, self.getPort());
            if (resolved.getAddress() == null) continue;
            sendAddresses(peer, List.of(new Message.TimedAddress(now / 1000, NetAddress.of(localServices(), resolved))), now);
            return;
        }
    }

    /** Sends addresses as addrv2 to BIP155 peers and as addr to the others. */
    private void sendAddresses(Peer peer, List<Message.TimedAddress> addresses, long now) {
        if (peer.sendAddrV2()) {
            List<AddrV2Entry> out = new ArrayList<>();
            for (Message.TimedAddress t : addresses) {
                byte[] ip = t.address().inetAddress().getAddress();
                int net = ip.length == 4 ? AddrV2Entry.NET_IPV4 : AddrV2Entry.NET_IPV6;
                out.add(new AddrV2Entry(t.time(), t.address().services(), net, ip, t.address().port()));
            }
            peer.send(new Message.AddrV2(out), now);
        } else {
            peer.send(new Message.Addr(addresses), now);
        }
        for (Message.TimedAddress t : addresses) {
            peer.addrKnown(AddressGossip.key(addrman.netAddr(t.address().inetAddress()), t.address().port()));
        }
    }

    /** Peers we exchange addresses with: not block-relay-only (privacy) and not short-lived feelers. */
    private static boolean relaysAddresses(Peer p) {
        return p.type() != ConnectionType.BLOCK_RELAY_ONLY && p.type() != ConnectionType.FEELER;
    }

    /** bitcoind's FEEFILTER_VERSION: peers below it do not understand feefilter. */
    static final int FEEFILTER_VERSION = 70013;
    /** bitcoind's AVG_FEEFILTER_BROADCAST_INTERVAL and MAX_FEEFILTER_CHANGE_DELAY. */
    static final long AVG_FEEFILTER_BROADCAST_MILLIS = 10 * 60 * 1000;
    static final long MAX_FEEFILTER_CHANGE_DELAY_MILLIS = 5 * 60 * 1000;
    /** bitcoind's MAX_MONEY, the filter wanted during initial block download. */
    private static final long MAX_MONEY = 21_000_000L * 100_000_000L;

    /**
     * bitcoind's MaybeSendFeefilter (BIP133): tells the peer the least fee rate we would take, rounded to a bucket,
     * about every ten minutes, sooner when our mempool's minimum moved by a third. During initial block download
     * the filter is the maximum, since we take no transactions then; after it, the real filter goes out at once.
     * None in -blocksonly mode, to block-relay-only peers, or to forcerelay peers, whose transactions we take anyway.
     */
    private void maybeSendFeeFilter(Peer peer, long now) {
        if (relay.blocksOnly() || peer.type() == ConnectionType.BLOCK_RELAY_ONLY || peer.type() == ConnectionType.FEELER) return;
        if (peer.version().map(v -> v.protocolVersion() < FEEFILTER_VERSION).orElse(true)) return;
        if (peer.permissions().has(NetPermission.FORCERELAY)) return;
        long current = txRelay.mempoolMinFeeRatePerKvB();
        if (chain.isInitialBlockDownload()) {
            current = MAX_MONEY;
        } else if (peer.feeFilterSent() == feeFilterRounder.max()) {
            peer.nextFeeFilterMillis(0);
        }
        if (now > peer.nextFeeFilterMillis()) {
            long filter = Math.max(feeFilterRounder.round(current), txRelay.minRelayFeeRatePerKvB());
            if (filter != peer.feeFilterSent()) {
                peer.send(new Message.FeeFilter(filter), now);
                peer.feeFilterSent(filter);
            }
            peer.nextFeeFilterMillis(now + (long) (-Math.log(1 - random.nextDouble()) * AVG_FEEFILTER_BROADCAST_MILLIS));
        } else if (now + MAX_FEEFILTER_CHANGE_DELAY_MILLIS < peer.nextFeeFilterMillis()
                && (current < 3 * peer.feeFilterSent() / 4 || current > 4 * peer.feeFilterSent() / 3)) {
            peer.nextFeeFilterMillis(now + random.nextLong(MAX_FEEFILTER_CHANGE_DELAY_MILLIS));
        }
    }

    /** Most messages a peer may have queued behind its blocks before we stop reading from it. */
    private static final int MAX_HELD_MESSAGES = 1000;

    /**
     * bitcoind handles each peer's messages strictly in order, so a message sent after a block is handled
     * after that block (a pong then confirms it, a header on top of it connects). Blocks are validated on
     * another thread here: while some of a peer's blocks are validating, its other messages wait, and a
     * block behind a waiting message waits too. Further blocks go straight to validation so that download
     * and validation still overlap.
     */
    private void dispatch(Peer peer, Message message) {
        boolean block = message instanceof Message.BlockMessage;
        if (!peer.heldMessages().isEmpty() || (peer.blocksValidating() > 0 && !block)) {
            peer.heldMessages().add(message);
            updateReading(peer);
            return;
        }
        onMessage(peer, message);
    }

    @Override
    public void blockProcessed(Peer peer) {
        while (!peer.heldMessages().isEmpty() && peer.channel().isActive()) {
            Message next = peer.heldMessages().peek();
            if (peer.blocksValidating() > 0 && !(next instanceof Message.BlockMessage)) break;
            peer.heldMessages().poll();
            onMessage(peer, next);
            sendMessages(peer);
        }
        updateReading(peer);
    }

    /** Reading pauses while a peer has many blocks validating or many messages held back. */
    private static void updateReading(Peer peer) {
        boolean read = !SyncManager.validationQueueFull(peer) && peer.heldMessages().size() < MAX_HELD_MESSAGES;
        if (peer.channel().config().isAutoRead() != read) peer.channel().config().setAutoRead(read);
    }

    private void onMessage(Peer peer, Message message) {
        long now = nowMillis();
        switch (message) {
            // No rate limit on pings (bitcoind has none): each answer is as small as the ping itself.
            case Message.Ping p -> peer.send(new Message.Pong(p.nonce()), now);
            case Message.Pong p -> onPong(peer, Optional.of(p.nonce()), 8, now);
            case Message.SendHeaders ignored -> peer.sendHeaders(true);
            case Message.SendCmpct m -> compact.onSendCmpct(peer, m);
            case Message.CmpctBlock c -> compact.onCmpctBlock(peer, c.block());
            case Message.GetBlockTxn g -> compact.onGetBlockTxn(peer, g);
            case Message.BlockTxn b -> compact.onBlockTxn(peer, b);
            case Message.FeeFilter f -> {
                if (f.feeRatePerKvB() >= 0 && f.feeRatePerKvB() <= 21_000_000L * 100_000_000L) peer.feeFilterPerKvB(f.feeRatePerKvB());
            }
            case Message.Headers h -> sync.onHeaders(peer, h.headers());
            case Message.GetHeaders g -> sync.onGetHeaders(peer, g);
            case Message.GetBlocks g -> sync.onGetBlocks(peer, g);
            case Message.BlockMessage b -> sync.onBlock(peer, b.block());
            case Message.Inv inv -> onInv(peer, inv.items());
            case Message.GetData g -> onGetData(peer, g.items());
            case Message.NotFound n -> {
                sync.onNotFound(peer, n.items());
                txRelay.onNotFound(peer, n.items());
            }
            case Message.Tx t -> {
                if (rejectsIncomingTxs(peer)) {
                    disconnect(peer, "transaction sent in violation of protocol");
                } else {
                    txRelay.onTx(peer, t.transaction());
                }
            }
            case Message.MempoolRequest ignored -> onMempoolRequest(peer);
            // BIP111: the BIP37 filter messages are for nodes that offer NODE_BLOOM; bitcoind disconnects a peer
            // that sends them to a node that does not (-peerbloomfilters=0, the default).
            case Message.FilterLoad f -> {
                if (offersBloom()) onFilterLoad(peer, f);
                else disconnectForBloom(peer, "filterload");
            }
            case Message.FilterAdd f -> {
                if (offersBloom()) onFilterAdd(peer, f);
                else disconnectForBloom(peer, "filteradd");
            }
            case Message.FilterClear ignored -> {
                if (!offersBloom()) disconnectForBloom(peer, "filterclear");
                else if (peer.hasTxRelay()) peer.bloomFilter(Optional.empty());
            }
            case Message.GetAddr ignored -> onGetAddr(peer);
            case Message.Addr a -> onAddrMessage(peer, a.addresses().stream().map(AddressGossip::entry).toList(), now);
            case Message.AddrV2 a -> onAddrMessage(peer, a.addresses(), now);
            case Message.GetCFilters g -> compactFilters.onGetCFilters(peer, g);
            case Message.GetCFHeaders g -> compactFilters.onGetCFHeaders(peer, g);
            case Message.GetCFCheckpt g -> compactFilters.onGetCFCheckpt(peer, g);
            case Message.Unknown ignored -> {
                // Unknown commands are ignored, as Core does, so that new message types can be deployed.
            }
            default -> log.debug("Unexpected {} from {}", message.command(), peer);
        }
    }

    /**
     * BIP35 mempool, as bitcoind: with NODE_BLOOM or the mempool permission our mempool (through the peer's filter)
     * is announced at the next inventory trickle; anyone else is disconnected unless noban.
     */
    private void onMempoolRequest(Peer peer) {
        if (!offersBloom() && !peer.permissions().has(NetPermission.MEMPOOL)) {
            if (!peer.permissions().has(NetPermission.NOBAN)) disconnect(peer, "mempool request with bloom filters disabled");
            return;
        }
        // -maxuploadtarget: once it is used up, a peer may not have us send it our whole mempool.
        if (uploadTarget.reached(false, nowMillis() / 1000) && !peer.permissions().has(NetPermission.MEMPOOL)) {
            if (!peer.permissions().has(NetPermission.NOBAN)) disconnect(peer, "mempool request with bandwidth limit reached");
            return;
        }
        if (peer.hasTxRelay()) peer.sendMempool(true);
    }

    private boolean offersBloom() {
        return (localServices() & ServiceFlags.NODE_BLOOM) != 0;
    }

    /** BIP37 filterload: a filter over the size limits is misbehaviour; otherwise it replaces the peer's filter. */
    private void onFilterLoad(Peer peer, Message.FilterLoad f) {
        if (!BloomFilter.withinSizeConstraints(f.data().length, f.hashFuncs())) {
            misbehaving(peer, "too-large bloom filter");
        } else if (peer.hasTxRelay()) {
            peer.bloomFilter(Optional.of(new BloomFilter(f.data(), f.hashFuncs(), f.tweak(), f.flags())));
        }
    }

    /** BIP37 filteradd: an element longer than a script push, or one with no filter loaded, is misbehaviour. */
    private void onFilterAdd(Peer peer, Message.FilterAdd f) {
        boolean bad = false;
        if (f.data().length > MAX_SCRIPT_ELEMENT_SIZE) {
            bad = true;
        } else if (peer.hasTxRelay()) {
            if (peer.bloomFilter().isPresent()) peer.bloomFilter().get().insert(f.data());
            else bad = true;
        }
        if (bad) misbehaving(peer, "bad filteradd message");
    }

    /** bitcoind's MAX_SCRIPT_ELEMENT_SIZE, the longest element filteradd may add. */
    private static final int MAX_SCRIPT_ELEMENT_SIZE = 520;

    private void disconnectForBloom(Peer peer, String command) {
        disconnect(peer, command + " received despite not offering bloom services");
    }

    /**
     * BIP31 pong, as bitcoind: a matching nonce ends the ping and records its round trip; a mismatch is
     * logged and the ping stays outstanding, except that nonce zero or a short payload cancels it.
     */
    private void onPong(Peer peer, Optional<Long> received, int payloadSize, long now) {
        long expected = peer.pingNonceSent();
        String problem = "";
        boolean finished = false;
        if (received.isEmpty()) {
            finished = true;
            problem = "Short payload";
        } else if (expected != 0) {
            if (received.get() == expected) {
                finished = true;
                long rtt = now - peer.pingStartMillis();
                if (rtt >= 0) {
                    peer.pongReceived(rtt * 1000);
                } else {
                    problem = "Timing mishap";
                }
            } else if (received.get() == 0) {
                finished = true;
                problem = "Nonce zero";
            } else {
                problem = "Nonce mismatch";
            }
        } else {
            problem = "Unsolicited pong without ping";
        }
        if (!problem.isEmpty()) {
            log.debug("pong peer={}: {}, {} expected, {} received, {} bytes", peer.id(), problem,
                    Long.toHexString(expected), Long.toHexString(received.orElse(0L)), payloadSize);
        }
        if (finished) peer.pingFinished();
    }

    /** bitcoind's MAX_PCT_ADDR_TO_SEND: a getaddr answer holds at most this share of the address manager. */
    private static final int MAX_PCT_ADDR_TO_SEND = 23;

    /** A cached getaddr answer and when it expires (node clock). */
    private record CachedAddrAnswer(List<KnownAddress> addresses, long expiresMillis) {
    }

    /** bitcoind's m_addr_response_caches: one answer per local socket and network for about a day. */
    private final Map<String, CachedAddrAnswer> addrAnswerCache = new HashMap<>();

    /**
     * bitcoind's CConnman::GetAddresses for a requestor: the same answer to every peer that reaches us on the same
     * local address and port through the same network, for 21 to 27 hours, so repeated requests cannot map our
     * address manager; a fresh one is at most 1000 addresses and 23% of those known.
     */
    private List<KnownAddress> getAddrAnswer(Peer peer) {
        long now = nowMillis();
        String key = Peer.format(peer.local()) + "/" + peerNetworkName(peer);
        CachedAddrAnswer cached = addrAnswerCache.get(key);
        if (cached == null || cached.expiresMillis() < now) {
            int max = Math.min(MessageCodec.MAX_ADDR_ITEMS, addrman.size() * MAX_PCT_ADDR_TO_SEND / 100);
            List<KnownAddress> answer = max <= 0 ? List.of() : List.copyOf(addrman.sample(max));
            long lifetime = java.time.Duration.ofHours(21).toMillis() + (long) (random.nextDouble() * java.time.Duration.ofHours(6).toMillis());
            cached = new CachedAddrAnswer(answer, now + lifetime);
            addrAnswerCache.put(key, cached);
        }
        return cached.addresses();
    }

    /**
     * The network a peer reaches us through (bitcoind's ConnectedThroughNetwork); a -bind=...=onion listener is told
     * apart by its own local port.
     */
    private String peerNetworkName(Peer peer) {
        return addrman.netAddr(peer.remote().getAddress()).network().rpcName();
    }

    private void onGetAddr(Peer peer) {
        // Core answers getaddr only on inbound connections (outbound ones could fingerprint us).
        if (!peer.inbound()) {
            log.debug("Ignoring \"getaddr\" from {} connection. peer={}", peer.type().rpcName(), peer.id());
            return;
        }
        // bitcoind's SetupAddressRelay: asking for addresses turns address relay to this peer on.
        peer.addrRelayEnabled(true);
        // One answer per connection, as bitcoind (repeated requests would let a peer map our address manager).
        if (peer.getAddrReceived()) {
            log.debug("Ignoring repeated \"getaddr\". peer={}", peer.id());
            return;
        }
        peer.getAddrReceived(true);
        List<KnownAddress> sample = getAddrAnswer(peer);
        if (sample.isEmpty()) return;
        List<Message.TimedAddress> out = new ArrayList<>();
        List<AddrV2Entry> otherNetworks = new ArrayList<>();
        for (KnownAddress k : sample) {
            if (k.network() == dev.blocksmith.p2p.Network.IPV4 || k.network() == dev.blocksmith.p2p.Network.IPV6) {
                out.add(new Message.TimedAddress(k.lastSeen(), NetAddress.of(k.services(), k.socketAddress())));
            } else if (peer.sendAddrV2()) {
                // Tor, I2P and CJDNS addresses exist only in BIP155's addrv2; addr (v1) peers do not get them.
                otherNetworks.add(new AddrV2Entry(k.lastSeen(), k.services(), k.network().bip155Id(), k.netAddr().bytes(), k.port()));
            }
        }
        if (!otherNetworks.isEmpty()) peer.send(new Message.AddrV2(otherNetworks), nowMillis());
        if (!out.isEmpty()) sendAddresses(peer, out, nowMillis());
    }

    /**
     * An addr or addrv2 message (bitcoind's ProcessAddrs). Block-relay-only peers take no part in address gossip
     * (bitcoind ignores their addr messages); an addr-fetch connection has done its job once it answered with more
     * than one address (a single one may be the peer announcing itself).
     */
    private void onAddrMessage(Peer peer, List<AddrV2Entry> entries, long now) {
        if (peer.type() == ConnectionType.BLOCK_RELAY_ONLY) return;
        gossip.process(peer, entries, now);
        if (peer.type() == ConnectionType.ADDR_FETCH && entries.size() > 1) disconnect(peer, "addr-fetch done");
    }

    private void onInv(Peer peer, List<InvItem> items) {
        List<InvItem> txs = new ArrayList<>();
        for (InvItem item : items) {
            if (InvType.isBlock(item.type())) {
                sync.onBlockInv(peer, item.hash());
            } else if (InvType.isTx(item.type())) {
                if (rejectsIncomingTxs(peer)) {
                    disconnect(peer, "transaction (" + item.hash() + ") inv sent in violation of protocol");
                    return;
                }
                txs.add(item);
            }
        }
        if (!txs.isEmpty()) txRelay.onTxInv(peer, txs);
    }

    /**
     * bitcoind's RejectIncomingTxs: block-relay-only and feeler connections never send transactions; in -blocksonly mode no
     * peer may, except those with the relay permission.
     */
    private boolean rejectsIncomingTxs(Peer peer) {
        if (peer.type() == ConnectionType.BLOCK_RELAY_ONLY) return true;
        // bitcoind's RejectIncomingTxs: a feeler only checks that the address answers.
        if (peer.type() == ConnectionType.FEELER) return true;
        if (peer.permissions().has(NetPermission.RELAY)) return false;
        return relay.blocksOnly();
    }

    /**
     * bitcoind's ApproximateBestBlockDepth: how many block intervals the active tip's time lies behind the clock
     * (a limited peer is enough while we are close to the tip).
     */
    /** bitcoind's HasAllDesirableServiceFlags: whether a peer with these services is worth an outbound slot. */
    boolean hasAllDesirableServices(long services) {
        long desired = ServiceFlags.desirable(services, tipDepthInBlocks());
        return (services & desired) == desired;
    }

    private long tipDepthInBlocks() {
        long tipTime = chain.header(chain.tip().hash()).map(e -> e.header().time()).orElse(0L);
        return (nowMillis() / 1000 - tipTime) / chain.params().targetSpacing();
    }

    /** The services we offer (bitcoind's g_local_services). */
    long localServices() {
        return ServiceFlags.local(chain.pruneMode()) | (servesCompactFilters ? ServiceFlags.NODE_COMPACT_FILTERS : 0)
                | (relay.peerBloomFilters() ? ServiceFlags.NODE_BLOOM : 0)
                | (v2Transport ? ServiceFlags.NODE_P2P_V2 : 0);
    }

    /** -v2transport: whether we offer BIP324 (NODE_P2P_V2, inbound detection, outbound v2 attempts). */
    boolean v2Transport() {
        return v2Transport;
    }

    void v2Transport(boolean enabled) {
        v2Transport = enabled;
    }

    private void onGetData(Peer peer, List<InvItem> items) {
        // bitcoind's debug lines for a getdata (tests read "received getdata for: wtx <hash> peer").
        if (!items.isEmpty()) log.debug("received getdata ({} invsz) peer={}", items.size(), peer.id());
        if (items.size() == 1) log.debug("received getdata for: {} peer={}", InvType.describe(items.get(0)), peer.id());
        if (peer.pendingGetData().size() + items.size() > MessageCodec.MAX_INV_ITEMS) {
            misbehaving(peer, "too many outstanding getdata items");
            return;
        }
        peer.pendingGetData().addAll(items);
        serveGetData(peer);
    }

    /**
     * Serves queued getdata items while the connection's send buffer has room; the rest waits until the
     * channel becomes writable again, so a peer that requests much and reads little cannot make us buffer
     * an unbounded number of blocks (Core pauses getdata processing the same way).
     */
    void serveGetData(Peer peer) {
        List<InvItem> missing = new ArrayList<>();
        while (!peer.pendingGetData().isEmpty() && peer.channel().isWritable()) {
            InvItem item = peer.pendingGetData().poll();
            boolean served;
            if (InvType.isBlock(item.type()) || item.type() == InvType.MSG_CMPCT_BLOCK || item.type() == InvType.MSG_FILTERED_BLOCK) {
                served = sync.serveBlock(peer, item);
            } else if (InvType.isTx(item.type())) {
                served = txRelay.serveTx(peer, item);
            } else {
                served = false;
            }
            if (!served) missing.add(item);
        }
        if (!missing.isEmpty()) peer.send(new Message.NotFound(missing), nowMillis());
    }

    private void sendPing(Peer peer, long now) {
        long nonce = random.nextLong() | 1;
        peer.pingSent(nonce, now);
        peer.send(new Message.Ping(nonce), now);
    }

    /** The ping RPC: ping every peer at the next tick. */
    void pingAll() {
        long now = nowMillis();
        for (Peer p : peers.values()) {
            if (p.handshakeComplete()) sendPing(p, now);
        }
    }

    /** The port we listen on, once bound (advertised to outbound peers with -externalip). */
    void localPort(int port) {
        localPort = port;
    }

    boolean networkActive() {
        return networkActive;
    }

    /** setnetworkactive: when switched off, every connection is closed and none is accepted or made. */
    void networkActive(boolean active) {
        networkActive = active;
        if (!active) {
            for (Peer p : List.copyOf(peers.values())) disconnect(p, "network disabled");
        }
    }

    /** The periodic part of bitcoind's SendMessages that Blocksmith does here: trickled addresses and transaction announcements. */
    void sendMessages(Peer peer) {
        long now = nowMillis();
        // bitcoind gives an addr-fetch peer ten address broadcast intervals (5 minutes) to answer.
        if (peer.type() == ConnectionType.ADDR_FETCH && now - peer.connectedAtMillis() > 10 * AddressGossip.AVG_ADDRESS_BROADCAST_MILLIS) {
            if (peer.channel().isActive()) disconnect(peer, "addrfetch connection timeout");
            return;
        }
        gossip.maybeSend(peer, now);
        if (peer.handshakeComplete()) {
            maybeSendFeeFilter(peer, now);
            sync.considerEviction(peer);
            txRelay.requestTransactions(peer);
        }
        txRelay.sendInventory(peer);
    }

    void sendMessagesToAll() {
        for (Peer p : List.copyOf(peers.values())) sendMessages(p);
    }

    /** Called every second: handshake timeout, ping scheduling and timeout. */
    void tick() {
        long now = nowMillis();
        for (Peer peer : List.copyOf(peers.values())) {
            // bitcoind's RunInactivityChecks: a connection gets -peertimeout before any timeout applies.
            boolean inactivityChecks = now - peer.connectedAtMillis() >= config.handshakeTimeout().toMillis();
            // bitcoind's InactivityCheck first: a connection silent in either direction since it opened (any bytes
            // count, a BIP324 handshake's too).
            boolean neverReceived = peer.lastRecvMillis() == 0 && peer.bytesRecv() == 0;
            boolean neverSent = peer.lastSendMillis() == 0 && peer.bytesSent() == 0;
            if (inactivityChecks && (neverReceived || neverSent)) {
                disconnect(peer, "socket no message in first " + config.handshakeTimeout().toSeconds() + " seconds"
                        + (neverReceived ? ", never received from peer" : "")
                        + (neverSent ? ", never sent to peer" : ""));
                continue;
            }
            if (!peer.handshakeComplete()) {
                // bitcoind names the timeout after the transport: a v2 handshake that never completed is still detecting.
                if (inactivityChecks) {
                    disconnect(peer, peer.transport().type() == dev.blocksmith.p2p.v2.TransportStatus.Type.DETECTING
                            ? "V2 handshake timeout" : "version handshake timeout");
                }
                continue;
            }
            if (peer.pingNonceSent() != 0) {
                long waited = now - peer.pingStartMillis();
                if (inactivityChecks && waited > config.pingTimeout().toMillis()) {
                    disconnect(peer, String.format(java.util.Locale.ROOT, "ping timeout: %.6fs", waited / 1000.0));
                }
            } else if (now - peer.pingStartMillis() > config.pingInterval().toMillis()) {
                sendPing(peer, now);
            }
        }
        sync.tick();
    }
}
