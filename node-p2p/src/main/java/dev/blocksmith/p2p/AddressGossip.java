package dev.blocksmith.p2p;

import dev.blocksmith.p2p.addr.AddressManager;
import dev.blocksmith.p2p.addr.NetAddr;
import dev.blocksmith.p2p.message.AddrV2Entry;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.message.NetAddress;
import dev.blocksmith.p2p.peer.NetPermission;
import dev.blocksmith.p2p.peer.Peer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Address gossip as bitcoind's ProcessAddrs, RelayAddress and MaybeSendAddr do it: received addresses of reachable
 * networks enter the address manager; a small message's fresh, routable addresses are queued for one or two other
 * peers chosen by a hash that stays the same for a day (so repeating an address does not spread it further); each
 * peer's queue goes out as one addr or addrv2 message on a timer averaging 30 seconds.
 */
final class AddressGossip {
    private static final Logger log = LoggerFactory.getLogger(AddressGossip.class);
    /** bitcoind: only messages of at most this many addresses are relayed (larger ones answer getaddr). */
    static final int MAX_ADDR_TO_RELAY = 10;
    /** bitcoind: an address is relayed only when its time is within the last ten minutes. */
    static final long RELAY_MAX_AGE_SECONDS = 600;
    /** bitcoind's ROTATE_ADDR_RELAY_DEST_INTERVAL: how long the same peers are chosen for an address. */
    static final long ROTATE_RELAY_DEST_SECONDS = 24 * 3600;
    /** bitcoind's AVG_ADDRESS_BROADCAST_INTERVAL. */
    static final long AVG_ADDRESS_BROADCAST_MILLIS = 30_000;
    private static final long FIVE_DAYS_SECONDS = 5 * 24 * 3600;

    private final AddressManager addrman;
    private final Supplier<Collection<Peer>> peers;
    private final SecureRandom random = new SecureRandom();
    /** Keys the relay-destination hash (bitcoind's deterministic randomizer for address relay). */
    private final long relaySecret = random.nextLong();

    AddressGossip(AddressManager addrman, Supplier<Collection<Peer>> peers) {
        this.addrman = addrman;
        this.peers = peers;
    }

    /** The key of an address in a peer's known set: bitcoind's text of it with its port. */
    static String key(NetAddr addr, int port) {
        String h = addr.host();
        return h.contains(":") ? "[" + h + "]:" + port : h + ":" + port;
    }

    /** An addr (v1) entry as the BIP155 entry it is. */
    static AddrV2Entry entry(Message.TimedAddress t) {
        byte[] ip = t.address().inetAddress().getAddress();
        return new AddrV2Entry(t.time(), t.address().services(), ip.length == 4 ? AddrV2Entry.NET_IPV4 : AddrV2Entry.NET_IPV6, ip,
                t.address().port());
    }

    /**
     * bitcoind's ProcessAddrs for an addr or addrv2 message: the peer's rate limit (lifted by the addr permission),
     * the implausible-time rule, relay of fresh routable addresses from small messages, storage of reachable ones.
     *
     * @return how many addresses were new to the address manager
     */
    int process(Peer peer, List<AddrV2Entry> entries, long nowMillis) {
        peer.addrRelayEnabled(true);
        int allowed = peer.takeAddrTokens(entries.size(), nowMillis, !peer.permissions().has(NetPermission.ADDR));
        long now = nowMillis / 1000;
        NetAddr source = addrman.netAddr(peer.remote().getAddress());
        int added = 0;
        for (AddrV2Entry e : entries.subList(0, allowed)) {
            Optional<NetAddr> parsed = netAddr(e);
            if (parsed.isEmpty()) continue; // an unknown network: ignored, as BIP155 asks
            NetAddr addr = parsed.get();
            String key = key(addr, e.port());
            peer.addrKnown(key);
            long seen = e.time() <= 100_000_000L || e.time() > now + 600 ? now - FIVE_DAYS_SECONDS : e.time();
            boolean reachable = addrman.isReachable(addr.network());
            if (seen > now - RELAY_MAX_AGE_SECONDS && entries.size() <= MAX_ADDR_TO_RELAY && addr.routable()) {
                relay(peer, addr, new AddrV2Entry(seen, e.services(), e.networkId(), e.address(), e.port()), reachable, now);
            }
            // bitcoind does not store addresses of networks it does not reach.
            if (reachable && addrman.add(addr, e.port(), e.services(), seen, source)) {
                added++;
                log.debug("Added {} from {} to new", key, peer.remote().getAddress().getHostAddress());
            }
        }
        if (added > 0) {
            // bitcoind's addrman summary line (-debug=addrman).
            log.debug("Added {} addresses (of {}) from {}: 0 tried, {} new", added, entries.size(),
                    peer.remote().getAddress().getHostAddress(), added);
        }
        return added;
    }

    /** An entry's address; an IPv6 one in fc00::/8 is CJDNS with -cjdnsreachable (as the address manager takes it). */
    private Optional<NetAddr> netAddr(AddrV2Entry e) {
        if (e.networkId() == AddrV2Entry.NET_IPV4 || e.networkId() == AddrV2Entry.NET_IPV6) {
            if (e.address().length != (e.networkId() == AddrV2Entry.NET_IPV4 ? 4 : 16)) return Optional.empty();
            try {
                return Optional.of(addrman.netAddr(InetAddress.getByAddress(e.address())));
            } catch (UnknownHostException ex) {
                return Optional.empty();
            }
        }
        return NetAddr.ofBip155(e.networkId(), e.address());
    }

    /**
     * bitcoind's RelayAddress: a reachable address goes to two peers, another one to one or two; the peers are
     * those with address relay on (not the sender, and only addrv2 peers for addresses addr cannot carry) ranked by
     * a hash of the address, the day and the peer, so the choice holds for a day.
     */
    private void relay(Peer origin, NetAddr addr, AddrV2Entry entry, boolean reachable, long nowSeconds) {
        String key = key(addr, entry.port());
        long hashAddr = mix(relaySecret ^ key.hashCode() * 0x9E3779B97F4A7C15L);
        long timeAddr = Long.divideUnsigned(nowSeconds + hashAddr, ROTATE_RELAY_DEST_SECONDS);
        long seed = mix(hashAddr ^ mix(timeAddr));
        int relayTo = reachable || (seed & 1) == 1 ? 2 : 1;
        boolean v1Compatible = addr.network() == Network.IPV4 || addr.network() == Network.IPV6;
        List<Peer> best = new ArrayList<>();
        List<Long> scores = new ArrayList<>();
        for (Peer p : peers.get()) {
            if (p == origin || !p.addrRelayEnabled() || !p.handshakeComplete() || !(p.sendAddrV2() || v1Compatible)) continue;
            long score = mix(seed ^ p.id());
            int at = 0;
            while (at < best.size() && Long.compareUnsigned(scores.get(at), score) >= 0) at++;
            if (at >= relayTo) continue;
            best.add(at, p);
            scores.add(at, score);
            if (best.size() > relayTo) {
                best.remove(relayTo);
                scores.remove(relayTo);
            }
        }
        for (Peer p : best) p.pushAddress(key, entry, random);
    }

    /** SplitMix64's finalizer: a well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * bitcoind's MaybeSendAddr: when the peer's timer has passed, its queued addresses that it does not know yet go
     * out in one addrv2 message (addr to peers that did not ask for BIP155), and the timer is set again.
     */
    void maybeSend(Peer peer, long nowMillis) {
        if (!peer.addrRelayEnabled() || !peer.handshakeComplete() || !peer.channel().isActive()) return;
        if (nowMillis <= peer.nextAddrSendMillis()) return;
        peer.nextAddrSendMillis(nowMillis + exponentialMillis(AVG_ADDRESS_BROADCAST_MILLIS));
        List<Peer.QueuedAddress> out = peer.takeAddressesToSend();
        if (out.isEmpty()) return;
        if (peer.sendAddrV2()) {
            peer.send(new Message.AddrV2(out.stream().map(Peer.QueuedAddress::entry).toList()), nowMillis);
            return;
        }
        List<Message.TimedAddress> v1 = new ArrayList<>();
        for (Peer.QueuedAddress q : out) {
            AddrV2Entry e = q.entry();
            try {
                v1.add(new Message.TimedAddress(e.time(), NetAddress.of(e.services(), InetAddress.getByAddress(e.address()), e.port())));
            } catch (UnknownHostException ex) {
                throw new IllegalStateException("only IPv4 and IPv6 addresses are queued for addr peers", ex);
            }
        }
        peer.send(new Message.Addr(v1), nowMillis);
    }

    private long exponentialMillis(long mean) {
        return (long) (-Math.log1p(-random.nextDouble()) * mean);
    }
}
