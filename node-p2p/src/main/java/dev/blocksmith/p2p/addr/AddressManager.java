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
 * incumbent to the new table. Persisted as peers.json. Thread-safe.
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

    /** JSON shape of peers.json. */
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

    /** Adds addresses heard from {@code source}; returns how many were new. */
    public synchronized int add(List<InetSocketAddress> addresses, long services, long seenTime, InetAddress source) {
        int added = 0;
        for (InetSocketAddress a : addresses) {
            if (a.getAddress() == null || a.getPort() == 0 || !isRoutable(a.getAddress())) continue;
            KnownAddress k = new KnownAddress(a.getAddress().getHostAddress(), a.getPort(), services, seenTime, 0, 0, false);
            if (byKey.containsKey(k.key())) continue;
            if (placeNew(k, source)) added++;
        }
        return added;
    }

    /** A connection to this address completed its handshake: move it to the tried table. */
    public synchronized void markGood(InetSocketAddress address, long services) {
        if (address.getAddress() == null || !isRoutable(address.getAddress())) return;
        KnownAddress k = byKey.get(keyOf(address));
        if (k == null) {
            k = new KnownAddress(address.getAddress().getHostAddress(), address.getPort(), services, now(), 0, 0, false);
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
            if (old != null) placeNew(old.asNew(), old.socketAddress().getAddress());
        }
        triedSlots.put(slot, good.key());
        byKey.put(good.key(), good);
    }

    public synchronized void markAttempt(InetSocketAddress address) {
        KnownAddress k = byKey.get(keyOf(address));
        if (k != null) byKey.put(k.key(), k.withAttempt(now()));
    }

    /** A random address to try, from tried or new with equal chance (Core's Select). */
    public synchronized Optional<KnownAddress> select() {
        boolean fromTried = !triedSlots.isEmpty() && (newSlots.isEmpty() || random.nextBoolean());
        List<String> pool = new ArrayList<>(fromTried ? triedSlots.values() : newSlots.values());
        if (pool.isEmpty()) return Optional.empty();
        return Optional.ofNullable(byKey.get(pool.get(random.nextInt(pool.size()))));
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
        if (!Files.exists(path)) return;
        try {
            Snapshot s = json.readValue(path.toFile(), Snapshot.class);
            byte[] k = Hex.decode(s.key());
            if (k.length == 32) key = k;
            for (KnownAddress a : s.addresses()) {
                if (a.tried()) {
                    int slot = triedSlot(a);
                    if (triedSlots.putIfAbsent(slot, a.key()) == null) byKey.put(a.key(), a);
                } else {
                    placeNew(a, a.socketAddress().getAddress());
                }
            }
            log.info("Loaded {} addresses from {}", byKey.size(), path);
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable {}: {}", path, e.getMessage());
        }
    }

    private boolean placeNew(KnownAddress k, InetAddress source) {
        int slot = newSlot(k, source);
        String incumbent = newSlots.get(slot);
        if (incumbent != null) {
            KnownAddress old = byKey.get(incumbent);
            if (old != null && !isTerrible(old)) return false;
            byKey.remove(incumbent);
        }
        newSlots.put(slot, k.key());
        byKey.put(k.key(), k);
        return true;
    }

    private void removeFromNew(KnownAddress k) {
        newSlots.values().remove(k.key());
        byKey.remove(k.key());
    }

    /** Core's IsTerrible, simplified: not seen within the horizon, or many failed attempts and never good. */
    private boolean isTerrible(KnownAddress k) {
        long now = now();
        return k.lastSeen() < now - HORIZON_SECONDS || (k.attempts() >= 3 && !k.tried());
    }

    private int newSlot(KnownAddress k, InetAddress source) {
        long bucket = keyedHash("new", group(k.socketAddress().getAddress()), group(source)) % NEW_BUCKETS;
        long pos = keyedHash("pos", Long.toString(bucket), k.key()) % BUCKET_SIZE;
        return (int) (bucket * BUCKET_SIZE + pos);
    }

    private int triedSlot(KnownAddress k) {
        long bucket = keyedHash("tried", k.key(), group(k.socketAddress().getAddress())) % TRIED_BUCKETS;
        long pos = keyedHash("pos-tried", Long.toString(bucket), k.key()) % BUCKET_SIZE;
        return (int) (bucket * BUCKET_SIZE + pos);
    }

    /**
     * Core's IsRoutable, for the address families we dial: no loopback, private (RFC1918), link-local,
     * unspecified or multicast addresses are kept, since other peers could not reach them either.
     */
    public static boolean isRoutable(InetAddress a) {
        return !(a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress());
    }

    /** Network group: /16 for IPv4, /32 for IPv6 (Core's default grouping without an ASMap). */
    static String group(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? "4:" + (b[0] & 0xff) + "." + (b[1] & 0xff)
                : "6:" + Hex.encode(Arrays.copyOf(b, 4));
    }

    private long keyedHash(String... parts) {
        byte[] h = Hashes.sha256d(concat(key, String.join("|", parts).getBytes(StandardCharsets.UTF_8)));
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (h[i] & 0xff);
        return v & Long.MAX_VALUE;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String keyOf(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }

    private long now() {
        return clock.millis() / 1000;
    }
}
