package dev.blocksmith.cli.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.blocksmith.rpc.methods.control.LoggingControl;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * The {@code logging} RPC's view of debug logging: bitcoind's category names, each on or off, and for
 * the categories Blocksmith has code for, the logback loggers whose level follows them (DEBUG when on,
 * inherited when off). Categories of bitcoind parts Blocksmith lacks (qt, tor, zmq, ...) are kept as
 * plain switches so scripts that toggle them behave as against bitcoind.
 */
final class LogCategoryControl implements LoggingControl {
    /** bitcoind's LOG_CATEGORIES_BY_STR (as of the functional suite's version) to our logger names. */
    private static final Map<String, List<String>> CATEGORIES = categoryLoggers();

    private final SortedMap<String, Boolean> enabled = new TreeMap<>();

    /** @param debug the -debug values: a category name, or "1", "all" or "" for every category */
    LogCategoryControl(Collection<String> debug) {
        for (String name : CATEGORIES.keySet()) enabled.put(name, false);
        for (String d : debug) {
            if (isAll(d)) {
                enabled.replaceAll((k, v) -> true);
            } else if (enabled.containsKey(d)) {
                enabled.put(d, true);
            }
        }
    }

    private static Map<String, List<String>> categoryLoggers() {
        Map<String, List<String>> m = new TreeMap<>();
        for (String name : List.of("bench", "cmpctblock", "i2p", "ipc", "kernel", "libevent", "mempoolrej",
                "privatebroadcast", "proxy", "prune", "qt", "rand", "reindex", "scan", "selectcoins", "tor", "txpackages",
                "txreconciliation", "zmq")) {
            m.put(name, List.of());
        }
        m.put("addrman", List.of("dev.blocksmith.p2p.addr"));
        m.put("blockstorage", List.of("dev.blocksmith.storage"));
        m.put("coindb", List.of("dev.blocksmith.storage"));
        m.put("estimatefee", List.of("dev.blocksmith.core.mempool.FeeEstimator"));
        m.put("http", List.of("dev.blocksmith.rpc.server"));
        m.put("leveldb", List.of());
        m.put("mempool", List.of("dev.blocksmith.core.mempool"));
        m.put("net", List.of("dev.blocksmith.p2p"));
        m.put("rpc", List.of("dev.blocksmith.rpc"));
        m.put("validation", List.of("dev.blocksmith.core.chain", "dev.blocksmith.core.consensus"));
        m.put("walletdb", List.of("dev.blocksmith.wallet"));
        return Map.copyOf(m);
    }

    private static boolean isAll(String name) {
        return name.isEmpty() || name.equals("1") || name.equals("all");
    }

    @Override
    public synchronized SortedMap<String, Boolean> categories() {
        return new TreeMap<>(enabled);
    }

    @Override
    public synchronized boolean set(String category, boolean on) {
        if (isAll(category)) {
            for (String name : CATEGORIES.keySet()) apply(name, on);
            return true;
        }
        if (!CATEGORIES.containsKey(category)) return false;
        apply(category, on);
        return true;
    }

    private void apply(String category, boolean on) {
        enabled.put(category, on);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
        for (String loggerName : CATEGORIES.get(category)) {
            // A logger shared by several categories stays at DEBUG while any of them is on.
            boolean anyOn = CATEGORIES.entrySet().stream()
                    .anyMatch(e -> e.getValue().contains(loggerName) && enabled.getOrDefault(e.getKey(), false));
            Logger logger = ctx.getLogger(loggerName);
            logger.setLevel(anyOn ? Level.DEBUG : null);
        }
    }
}
