package dev.blocksmith.p2p.addr;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Peer addresses in "new" (heard of) and "tried" (connected successfully) tables, in the spirit of Core's
 * addrman: each address may sit only in the bucket slot chosen by a secret-keyed hash of its network group
 * (and, for new entries, of the source's group), so a single source cannot fill the tables and an attacker
 * cannot predict where entries land. Tables are capped (new 1024x64, tried 256x64 slots). A colliding new
 * entry replaces the incumbent only if the incumbent is stale; a colliding tried entry demotes the
 * incumbent to the new table. Persisted as peers.dat (bitcoind's file name, our JSON content). Thread-safe.
 */
public final class AddressManager {
    private static final Logger log = LoggerFactory.getLogger(AddressManager.class);
    static final int NEW_BUCKETS = 1024;
    static final int TRIED_BUCKETS = 256;
    static final int BUCKET_SIZE = 64;
    /** Core's ADDRMAN_HORIZON: addresses not seen for 30 days are stale. */
    private static final long HORIZON_SECONDS = 30L * 24 * 3600;

    private final Optional<Path> file;
    private final Clock clock;
    private final Random random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();
    private byte[] key = new byte[32];
    private final Map<String, KnownAddress> byKey = new HashMap<>();
    private final Map<Integer, String> newSlots = new HashMap<>();
    private final Map<Integer, String> triedSlots = new HashMap<>();
    /** Who told us of each address (getrawaddrman's source); kept in memory only. */
    private final Map<String, NetAddr> sources = new HashMap<>();
    /** -cjdnsreachable: fc00::/8 IPv6 addresses are CJDNS ones (bitcoind's MaybeFlipIPv6toCJDNS). */
    private volatile boolean cjdnsReachable;
    /** Networks {@link #select} picks from (bitcoind's Select with the reachable networks). */
    private volatile java.util.Set<dev.blocksmith.p2p.Network> reachable =
            java.util.EnumSet.of(dev.blocksmith.p2p.Network.IPV4, dev.blocksmith.p2p.Network.IPV6);

    /** Result of {@link #addPeerAddress}: bitcoind's addpeeraddress outcomes. */
    public enum AddOutcome { ADDED, FAILED_ADDING_TO_NEW, FAILED_ADDING_TO_TRIED }

    /** One occupied table slot, as getrawaddrman lists it. */
    public record TableEntry(boolean tried, int bucket, int position, KnownAddress address, NetAddr source) {
    }

    /** JSON shape of peers.dat. */
    record Snapshot(String key, List<KnownAddress> addresses) {
    }

    public AddressManager(Optional<Path> file, Clock clock) {
        this.file = file;
        this.clock = clock;
        random.nextBytes(key);
        file.ifPresent(this::load);
    }

    public synchronized int size() {
        return byKey.size();
    }

    /**
     * The networks the node reaches: with CJDNS among them fc00::/8 addresses are taken as CJDNS ones;
     * only their addresses are selected for outbound connections. Set before use.
     */
    public void reachable(java.util.Set<dev.blocksmith.p2p.Network> networks) {
        reachable = java.util.Set.copyOf(networks);
        cjdnsReachable = networks.contains(dev.blocksmith.p2p.Network.CJDNS);
    }

    /** Whether addresses of this network are kept and selected (the node reaches it). */
    public boolean isReachable(dev.blocksmith.p2p.Network network) {
        return reachable.contains(network);
    }

    /** An IP address as this address manager classifies it (IPv4, IPv6 or, with -cjdnsreachable, CJDNS). */
    public NetAddr netAddr(InetAddress ip) {
        return NetAddr.ofIp(ip, cjdnsReachable);
    }

    /** Adds IP addresses heard from {@code source}; returns how many were new. */
    public synchronized int add(List<InetSocketAddress> addresses, long services, long seenTime, InetAddress source) {
        int added = 0;
        for (InetSocketAddress a : addresses) {
            if (a.getAddress() == null) continue;
            if (addOne(netAddr(a.getAddress()), a.getPort(), services, seenTime, netAddr(source))) added++;
        }
        return added;
    }

    /** Adds an address of any network heard from {@code source} (addrv2 gossip); true if it was new. */
    public synchronized boolean add(NetAddr address, int port, long services, long seenTime, NetAddr source) {
        return addOne(address, port, services, seenTime, source);
    }

    private boolean addOne(NetAddr address, int port, long services, long seenTime, NetAddr source) {
        if (port == 0 || !address.routable()) return false;
        KnownAddress k = KnownAddress.of(address, port, services, seenTime);
        if (byKey.containsKey(k.key())) return false;
        return placeNew(k, source);
    }

    /** A connection to this address completed its handshake: move it to the tried table. */
    public synchronized void markGood(InetSocketAddress address, long services) {
        if (address.getAddress() == null || !netAddr(address.getAddress()).routable()) return;
        KnownAddress k = byKey.get(keyOf(address));
        if (k == null) {
            k = KnownAddress.of(netAddr(address.getAddress()), address.getPort(), services, now());
        } else if (k.tried()) {
            byKey.put(k.key(), k.asTried(now(), services));
            return;
        } else {
            removeFromNew(k);
        }
        KnownAddress good = k.asTried(now(), services);
        int slot = triedSlot(good);
        String incumbent = triedSlots.get(slot);
        if (incumbent != null) {
            KnownAddress old = byKey.remove(incumbent);
            if (old != null) placeNew(old.asNew(), old.netAddr());
        }
        triedSlots.put(slot, good.key());
        byKey.put(good.key(), good);
    }

    public synchronized void markAttempt(KnownAddress address) {
        KnownAddress k = byKey.get(address.key());
        if (k != null) byKey.put(k.key(), k.withAttempt(now()));
    }

    /** A random address to try, from tried or new with equal chance (Core's Select). */
    public synchronized Optional<KnownAddress> select() {
        List<String> tried = reachableOnly(triedSlots.values());
        List<String> fresh = reachableOnly(newSlots.values());
        boolean fromTried = !tried.isEmpty() && (fresh.isEmpty() || random.nextBoolean());
        List<String> pool = fromTried ? tried : fresh;
        if (pool.isEmpty()) return Optional.empty();
        return Optional.ofNullable(byKey.get(pool.get(random.nextInt(pool.size()))));
    }

    private List<String> reachableOnly(java.util.Collection<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            KnownAddress a = byKey.get(k);
            if (a != null && reachable.contains(a.network())) out.add(k);
        }
        return out;
    }

    /** Up to {@code max} random addresses (getnodeaddresses / getaddr answers); 0 means all. */
    public synchronized List<KnownAddress> sample(int max) {
        List<KnownAddress> all = new ArrayList<>(byKey.values());
        Collections.shuffle(all, random);
        return max <= 0 || max >= all.size() ? all : all.subList(0, max);
    }

    public synchronized void save() {
        if (file.isEmpty()) return;
        Path path = file.get();
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path tmp = path.resolveSibling(path.getFileName() + ".new");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new Snapshot(Hex.encode(key), new ArrayList<>(byKey.values())));
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Could not write {}: {}", path, e.getMessage());
        }
    }

    private void load(Path path) {
        if (!Files.exists(path)) {
            // bitcoind's line; Core's tests wait for it after deleting peers.dat (clear_addrman).
            log.info("Creating peers.dat because the file was not found (\"{}\")", path.toAbsolutePath());
            // bitcoind writes the empty file at once.
            save();
            return;
        }
        long start = System.nanoTime();
        try {
            Snapshot s = json.readValue(path.toFile(), Snapshot.class);
            byte[] k = Hex.decode(s.key());
            if (k.length == 32) key = k;
            for (KnownAddress a : s.addresses()) {
                if (a.tried()) {
                    int slot = triedSlot(a);
                    if (triedSlots.putIfAbsent(slot, a.key()) == null) byKey.put(a.key(), a);
                } else {
                    placeNew(a, a.netAddr());
                }
            }
            // bitcoind's line (its two spaces included); Core's tests read it.
            log.info("Loaded {} addresses from {}  {}ms", byKey.size(), path.getFileName(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable {}: {}", path, e.getMessage());
        }
    }

    private boolean placeNew(KnownAddress k, NetAddr source) {
        int slot = newSlot(k, source);
        String incumbent = newSlots.get(slot);
        if (incumbent != null) {
            KnownAddress old = byKey.get(incumbent);
            if (old != null && !isTerrible(old)) return false;
            byKey.remove(incumbent);
            sources.remove(incumbent);
        }
        newSlots.put(slot, k.key());
        byKey.put(k.key(), k);
        sources.put(k.key(), source);
        return true;
    }

    private void removeFromNew(KnownAddress k) {
        newSlots.values().remove(k.key());
        byKey.remove(k.key());
    }

    /**
     * bitcoind's -test=addrman: the bucketing key becomes uint256{1} so that bucket positions are
     * reproducible (Core's functional tests assert them). Entries already held are re-placed.
     */
    public synchronized void makeDeterministic() {
        key = new byte[32];
        key[0] = 1;
        List<KnownAddress> held = new ArrayList<>(byKey.values());
        Map<String, NetAddr> heldSources = new HashMap<>(sources);
        byKey.clear();
        newSlots.clear();
        triedSlots.clear();
        sources.clear();
        for (KnownAddress a : held) {
            NetAddr src = heldSources.getOrDefault(a.key(), a.netAddr());
            if (a.tried()) {
                if (triedSlots.putIfAbsent(triedSlot(a), a.key()) == null) {
                    byKey.put(a.key(), a);
                    sources.put(a.key(), src);
                }
            } else {
                placeNew(a, src);
            }
        }
    }

    /**
     * bitcoind's addpeeraddress: the address is added to the new table as if it had announced itself
     * (source = the address); with {@code tried} it is then moved to the tried table unless its tried
     * slot is taken (Core's Good with test-before-evict, which leaves it in the new table).
     */
    public synchronized AddOutcome addPeerAddress(InetSocketAddress address, long services, boolean tried) {
        if (address.getAddress() == null) return AddOutcome.FAILED_ADDING_TO_NEW;
        return addPeerAddress(netAddr(address.getAddress()), address.getPort(), services, tried);
    }

    /** {@link #addPeerAddress(InetSocketAddress, long, boolean)} for an address of any network. */
    public synchronized AddOutcome addPeerAddress(NetAddr address, int port, long services, boolean tried) {
        if (port == 0 || !address.routable() || byKey.containsKey(KnownAddress.keyOf(address, port))) {
            return AddOutcome.FAILED_ADDING_TO_NEW;
        }
        KnownAddress k = KnownAddress.of(address, port, services, now());
        if (!placeNew(k, address)) return AddOutcome.FAILED_ADDING_TO_NEW;
        if (!tried) return AddOutcome.ADDED;
        KnownAddress good = k.asTried(now(), services);
        int slot = triedSlot(good);
        if (triedSlots.containsKey(slot)) {
            log.debug("addpeeraddress: {} collides in the tried table with {}, left in new", k.key(), triedSlots.get(slot));
            return AddOutcome.FAILED_ADDING_TO_TRIED;
        }
        newSlots.values().remove(k.key());
        triedSlots.put(slot, good.key());
        byKey.put(good.key(), new KnownAddress(good.host(), good.port(), services, k.lastSeen(), 0, 0, true, good.network()));
        return AddOutcome.ADDED;
    }

    /** Every occupied slot of both tables (getrawaddrman, getaddrmaninfo). */
    public synchronized List<TableEntry> tableEntries() {
        List<TableEntry> out = new ArrayList<>();
        newSlots.forEach((slot, k) -> out.add(entry(false, slot, k)));
        triedSlots.forEach((slot, k) -> out.add(entry(true, slot, k)));
        return out;
    }

    private TableEntry entry(boolean tried, int slot, String k) {
        KnownAddress a = byKey.get(k);
        return new TableEntry(tried, slot / BUCKET_SIZE, slot % BUCKET_SIZE, a, sources.getOrDefault(k, a.netAddr()));
    }

    /** Core's IsTerrible, simplified: not seen within the horizon, or many failed attempts and never good. */
    private boolean isTerrible(KnownAddress k) {
        long now = now();
        return k.lastSeen() < now - HORIZON_SECONDS || (k.attempts() >= 3 && !k.tried());
    }

    /** Core's CAddrInfo::GetNewBucket and GetBucketPosition (ADDRMAN_NEW_BUCKETS_PER_SOURCE_GROUP = 64). */
    private int newSlot(KnownAddress k, NetAddr source) {
        byte[] group = k.netAddr().group();
        byte[] sourceGroup = source.group();
        long h1 = cheapHash(key, vec(group), vec(sourceGroup));
        long h2 = cheapHash(key, vec(sourceGroup), le64(Long.remainderUnsigned(h1, 64)));
        int bucket = (int) Long.remainderUnsigned(h2, NEW_BUCKETS);
        return bucket * BUCKET_SIZE + position(true, bucket, k);
    }

    /** Core's CAddrInfo::GetTriedBucket (ADDRMAN_TRIED_BUCKETS_PER_GROUP = 8) and GetBucketPosition. */
    private int triedSlot(KnownAddress k) {
        long h1 = cheapHash(key, vec(serviceKey(k)));
        long h2 = cheapHash(key, vec(k.netAddr().group()), le64(Long.remainderUnsigned(h1, 8)));
        int bucket = (int) Long.remainderUnsigned(h2, TRIED_BUCKETS);
        return bucket * BUCKET_SIZE + position(false, bucket, k);
    }

    private int position(boolean isNew, int bucket, KnownAddress k) {
        long h = cheapHash(key, new byte[] {(byte) (isNew ? 'N' : 'K')}, le32(bucket), vec(serviceKey(k)));
        return (int) Long.remainderUnsigned(h, BUCKET_SIZE);
    }

    /** Core's CService::GetKey: the address bytes (GetAddrBytes) and the big-endian port. */
    static byte[] serviceKey(KnownAddress k) {
        byte[] addr = k.netAddr().keyBytes();
        byte[] out = Arrays.copyOf(addr, addr.length + 2);
        out[addr.length] = (byte) (k.port() >> 8);
        out[addr.length + 1] = (byte) k.port();
        return out;
    }

    /** A byte vector as Core serializes it: compact-size length, then the bytes. */
    private static byte[] vec(byte[] v) {
        byte[] out = new byte[v.length + 1];
        out[0] = (byte) v.length;
        System.arraycopy(v, 0, out, 1, v.length);
        return out;
    }

    private static byte[] le64(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) out[i] = (byte) (v >>> (8 * i));
        return out;
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    /** Core's HashWriter(...).GetCheapHash(): the first 8 bytes of the double SHA-256, little-endian. */
    private static long cheapHash(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] p : parts) all = concat(all, p);
        byte[] h = Hashes.sha256d(all);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (h[i] & 0xff);
        return v;
    }

    /** Core's IsRoutable for an IP address (see {@link NetAddr#routable()}). */
    public static boolean isRoutable(InetAddress a) {
        return NetAddr.ofIp(a, false).routable();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private String keyOf(InetSocketAddress a) {
        return KnownAddress.keyOf(netAddr(a.getAddress()), a.getPort());
    }

    private long now() {
        return clock.millis() / 1000;
    }
}
