package dev.blocksmith.cli.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.List;
import java.util.Map;

/**
 * bitcoind tags its debug lines with their category ("[net] Ignoring low-work chain ..."), and Core's
 * functional tests search debug.log for these tagged texts; this writes the tag of the category whose
 * package is the longest prefix of the logger's name, for DEBUG and TRACE lines only (as bitcoind's LogDebug
 * and LogTrace; LogInfo lines carry no tag).
 */
public final class LogCategoryConverter extends ClassicConverter {
    private static volatile Map<String, List<String>> categories = Map.of();

    static void categories(Map<String, List<String>> byCategory) {
        // Insertion order kept: of categories sharing a package, the first listed (bitcoind's main one) wins.
        categories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byCategory));
    }

    @Override
    public String convert(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.INFO)) return "";
        return tag(event.getLoggerName());
    }

    static String tag(String loggerName) {
        String best = null;
        int bestLength = -1;
        for (Map.Entry<String, List<String>> e : categories.entrySet()) {
            for (String prefix : e.getValue()) {
                boolean matches = loggerName.equals(prefix) || loggerName.startsWith(prefix + ".");
                // Strictly longer wins, so the first-listed category keeps a shared package (mempool, not mempoolrej).
                if (matches && prefix.length() > bestLength) {
                    best = e.getKey();
                    bestLength = prefix.length();
                }
            }
        }
        return best == null ? "" : "[" + best + "] ";
    }
}
