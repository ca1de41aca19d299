package dev.blocksmith.p2p.peer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Manual bans (setban, with expiry, persisted to banlist.json) and the discouraged set of misbehaving
 * addresses (kept in memory only and bounded, like Core's rolling filter: discouragement is a
 * soft, forgetful penalty, not a ban). Thread-safe.
 */
public final class BanManager {
    private static final Logger log = LoggerFactory.getLogger(BanManager.class);
    /** Core's DEFAULT_MISBEHAVING_BANTIME: default setban duration, 24 hours. */
    public static final long DEFAULT_BAN_SECONDS = 24 * 60 * 60;
    private static final int MAX_DISCOURAGED = 50_000;

    private final Optional<Path> file;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Subnet, BanEntry> banned = new LinkedHashMap<>();
    private final Set<String> discouraged = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_DISCOURAGED;
        }
    });

    public BanManager(Optional<Path> file, Clock clock) {
        this.file = file;
        this.clock = clock;
        file.ifPresent(this::load);
    }

    public synchronized void ban(Subnet subnet, long untilSeconds) {
        banned.put(subnet, new BanEntry(subnet.toString(), now(), untilSeconds));
        save();
    }

    public synchronized boolean unban(Subnet subnet) {
        boolean removed = banned.remove(subnet) != null;
        if (removed) save();
        return removed;
    }

    public synchronized boolean isBanned(Subnet subnet) {
        sweep();
        return banned.containsKey(subnet);
    }

    public synchronized boolean isBanned(InetAddress address) {
        sweep();
        return banned.keySet().stream().anyMatch(s -> s.contains(address));
    }

    public synchronized List<BanEntry> list() {
        sweep();
        List<Subnet> order = new ArrayList<>(banned.keySet());
        order.sort(Subnet.BANLIST_ORDER);
        List<BanEntry> out = new ArrayList<>();
        for (Subnet s : order) out.add(banned.get(s));
        return out;
    }

    /** clearbanned: drops manual bans and, as in Core, the discouraged set too. */
    public synchronized void clear() {
        banned.clear();
        discouraged.clear();
        save();
    }

    public synchronized void discourage(InetAddress address) {
        discouraged.add(address.getHostAddress());
    }

    public synchronized boolean isDiscouraged(InetAddress address) {
        return discouraged.contains(address.getHostAddress());
    }

    private long now() {
        return clock.millis() / 1000;
    }

    private void sweep() {
        long now = now();
        if (banned.values().removeIf(e -> e.bannedUntil() <= now)) save();
    }

    private void load(Path path) {
        if (!Files.exists(path)) {
            // As bitcoind: a missing (or unreadable) ban list is written anew, empty.
            log.info("Recreating the banlist database");
            save();
            return;
        }
        try {
            List<BanEntry> entries = json.readValue(path.toFile(), new TypeReference<List<BanEntry>>() { });
            for (BanEntry e : entries) banned.put(Subnet.parse(e.address()), e);
            sweep();
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Ignoring unreadable ban list {}: {}", path, e.getMessage());
            log.info("Recreating the banlist database");
            banned.clear();
            save();
        }
    }

    private void save() {
        if (file.isEmpty()) return;
        Path path = file.get();
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path tmp = path.resolveSibling(path.getFileName() + ".new");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new ArrayList<>(banned.values()));
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Could not write ban list {}: {}", path, e.getMessage());
        }
    }
}
