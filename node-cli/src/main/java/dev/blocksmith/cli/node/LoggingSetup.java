package dev.blocksmith.cli.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.LoggerFactory;

/**
 * Configures logback for the node as bitcoind logs: one line per event to {@code debug.log} in the network
 * datadir (or {@code -debuglogfile}) and, with {@code -printtoconsole}, to stdout. bitcoind's debug categories
 * map onto Blocksmith's packages: {@code -debug=<category>} lowers a category to DEBUG (or the {@code -loglevel}
 * asked), {@code -debugexclude} wins over it, and the {@code logging} RPC changes them at run time.
 */
public final class LoggingSetup {
    /** bitcoind's categories and the loggers that carry them (several categories share a package). */
    private static final Map<String, List<String>> CATEGORIES = categories();
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warning", "error");
    private static final Set<String> ENABLED = new TreeSet<>();
    private static volatile Level debugLevel = Level.DEBUG;

    private LoggingSetup() {
    }

    private static Map<String, List<String>> categories() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("net", List.of("dev.blocksmith.p2p"));
        m.put("tor", List.of("dev.blocksmith.p2p.tor"));
        m.put("mempool", List.of("dev.blocksmith.core.mempool"));
        m.put("http", List.of("dev.blocksmith.rpc.server"));
        m.put("bench", List.of());
        m.put("zmq", List.of());
        m.put("walletdb", List.of("dev.blocksmith.wallet"));
        m.put("rpc", List.of("dev.blocksmith.rpc"));
        m.put("estimatefee", List.of("dev.blocksmith.core.mempool.FeeEstimator"));
        m.put("addrman", List.of("dev.blocksmith.p2p.addr"));
        m.put("selectcoins", List.of("dev.blocksmith.wallet.funding"));
        m.put("reindex", List.of("dev.blocksmith.core.chain.BlockFileImporter"));
        m.put("cmpctblock", List.of());
        m.put("rand", List.of());
        m.put("prune", List.of("dev.blocksmith.core.chain.PruneController", "dev.blocksmith.core.chain.BlockPruner"));
        m.put("proxy", List.of());
        m.put("mempoolrej", List.of("dev.blocksmith.core.mempool"));
        m.put("libevent", List.of());
        m.put("coindb", List.of("dev.blocksmith.storage"));
        m.put("qt", List.of());
        m.put("leveldb", List.of("dev.blocksmith.storage"));
        m.put("validation", List.of("dev.blocksmith.core.chain", "dev.blocksmith.core.consensus", "dev.blocksmith.miner"));
        m.put("i2p", List.of("dev.blocksmith.p2p.i2p", "dev.blocksmith.p2p.I2pConnector"));
        m.put("ipc", List.of());
        m.put("lock", List.of());
        m.put("blockstorage", List.of("dev.blocksmith.core.chain"));
        m.put("txreconciliation", List.of());
        m.put("scan", List.of());
        m.put("txpackages", List.of("dev.blocksmith.core.mempool"));
        m.put("kernel", List.of("dev.blocksmith.core"));
        m.put("privatebroadcast", List.of());
        return m;
    }

    /** The log's shape and what is enabled, as the options asked. */
    public record Settings(java.util.Optional<java.nio.file.Path> file, boolean console, List<String> debug, List<String> exclude,
                           List<String> levels, boolean micros, boolean threadNames, boolean sourceLocations) {
    }

    /** bitcoind's checks of -debug/-debugexclude/-loglevel values, run before anything starts. */
    public static void validate(Settings s) throws dev.blocksmith.cli.config.ConfigException {
        for (String cat : afterLastNone(s.debug())) {
            if (!isCategory(cat)) throw new dev.blocksmith.cli.config.ConfigException("Unsupported logging category -debug=" + cat + ".");
        }
        for (String cat : s.exclude()) {
            if (!isCategory(cat)) throw new dev.blocksmith.cli.config.ConfigException("Unsupported logging category -debugexclude=" + cat + ".");
        }
        for (String l : s.levels()) {
            int colon = l.indexOf(':');
            if (colon < 0) {
                if (!LEVELS.contains(l)) {
                    throw new dev.blocksmith.cli.config.ConfigException("Unsupported global logging level -loglevel=" + l
                            + ". Valid values: info, debug, trace.");
                }
            } else if (!CATEGORIES.containsKey(l.substring(0, colon)) || !LEVELS.contains(l.substring(colon + 1))) {
                throw new dev.blocksmith.cli.config.ConfigException("Unsupported category-specific logging level -loglevel=" + l
                        + ". Expected -loglevel=<category>:<loglevel>. Valid categories: " + String.join(", ", CATEGORIES.keySet())
                        + ". Valid loglevels: info, debug, trace.");
            }
        }
    }

    private static boolean isCategory(String cat) {
        return cat.isEmpty() || cat.equals("1") || cat.equals("all") || cat.equals("0") || cat.equals("none") || CATEGORIES.containsKey(cat);
    }

    /** bitcoind disregards the categories before the last -debug=0/none. */
    private static List<String> afterLastNone(List<String> debug) {
        int last = -1;
        for (int i = 0; i < debug.size(); i++) if (debug.get(i).equals("0") || debug.get(i).equals("none")) last = i;
        return debug.subList(last + 1, debug.size());
    }

    /** Whether the log file can be opened for appending where it is, without creating any folder. */
    static boolean canAppend(java.nio.file.Path file) {
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !java.nio.file.Files.isDirectory(parent)) return false;
        try (var out = java.nio.file.Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public static void configure(java.nio.file.Path debugLog, boolean console, List<String> debug) {
        configure(new Settings(java.util.Optional.of(debugLog), console, debug, List.of(), List.of(), false, false, false));
    }

    public static synchronized void configure(Settings s) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        String pattern = pattern(s);
        s.file().ifPresent(path -> {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(ctx);
            file.setName("debug.log");
            file.setFile(path.toString());
            file.setAppend(true);
            file.setEncoder(encoder(ctx, pattern));
            file.start();
            root.addAppender(file);
        });
        if (s.console()) {
            ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
            out.setContext(ctx);
            out.setName("console");
            out.setEncoder(encoder(ctx, pattern));
            out.start();
            root.addAppender(out);
        }
        // Third-party libraries stay quiet unless asked for.
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        for (String l : s.levels()) {
            if (l.indexOf(':') < 0) debugLevel = level(l);
        }
        ENABLED.clear();
        for (String cat : afterLastNone(s.debug())) {
            if (cat.isEmpty() || cat.equals("1") || cat.equals("all")) {
                ENABLED.addAll(CATEGORIES.keySet());
            } else if (CATEGORIES.containsKey(cat)) {
                ENABLED.add(cat);
            }
        }
        for (String cat : s.exclude()) ENABLED.remove(cat);
        apply();
    }

    /** The categories debug logging is on for (the logging RPC's view). */
    public static synchronized Set<String> enabledCategories() {
        return Set.copyOf(ENABLED);
    }

    public static Set<String> allCategories() {
        return CATEGORIES.keySet();
    }

    /** The logging RPC: turns categories on and off ("all"/"1" for every one); false for an unknown category. */
    public static synchronized boolean setCategory(String cat, boolean on) {
        if (cat.equals("all") || cat.equals("1")) {
            if (on) ENABLED.addAll(CATEGORIES.keySet());
            else ENABLED.clear();
        } else if (CATEGORIES.containsKey(cat)) {
            if (on) ENABLED.add(cat);
            else ENABLED.remove(cat);
        } else {
            return false;
        }
        apply();
        return true;
    }

    private static void apply() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Set<String> on = new TreeSet<>();
        for (String cat : ENABLED) on.addAll(CATEGORIES.get(cat));
        Set<String> all = new TreeSet<>();
        for (List<String> loggers : CATEGORIES.values()) all.addAll(loggers);
        all.add("dev.blocksmith");
        for (String logger : all) ctx.getLogger(logger).setLevel(on.contains(logger) ? debugLevel : null);
        ctx.getLogger("dev.blocksmith").setLevel(on.contains("dev.blocksmith") ? debugLevel : Level.INFO);
    }

    private static Level level(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "info" -> Level.INFO;
            case "warning" -> Level.WARN;
            case "error" -> Level.ERROR;
            default -> Level.DEBUG;
        };
    }

    /** bitcoind's line: time (micros with -logtimemicros), [thread], [source], message. */
    private static String pattern(Settings s) {
        StringBuilder p = new StringBuilder(s.micros() ? "%d{yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z',UTC} " : "%d{yyyy-MM-dd'T'HH:mm:ss'Z',UTC} ");
        if (s.threadNames()) p.append("[%thread] ");
        if (s.sourceLocations()) p.append("[%logger{24}] ");
        p.append("%-5level %bscategory%msg%n");
        return p.toString();
    }

    @SuppressWarnings("unchecked")
    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        // bitcoind's "[category] " tag on debug lines (LogCategoryConverter).
        LogCategoryConverter.categories(CATEGORIES);
        Map<String, String> rules = (Map<String, String>) ctx.getObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY);
        if (rules == null) {
            rules = new java.util.HashMap<>();
            ctx.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, rules);
        }
        rules.put("bscategory", LogCategoryConverter.class.getName());
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(pattern);
        enc.start();
        return enc;
    }
}
