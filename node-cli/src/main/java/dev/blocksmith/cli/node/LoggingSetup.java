package dev.blocksmith.cli.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Configures logback for the node: one line per event to {@code debug.log} in the network datadir
 * and, with {@code -printtoconsole}, to stdout. {@code -debug=<category>} lowers a category to DEBUG,
 * with categories named as bitcoind's.
 */
public final class LoggingSetup {
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} [%thread] %-5level %logger{24} - %msg%n";
    private static final Map<String, String> CATEGORIES = Map.of(
            "net", "dev.blocksmith.p2p",
            "rpc", "dev.blocksmith.rpc",
            "validation", "dev.blocksmith.core.chain",
            "mempool", "dev.blocksmith.core.mempool",
            "mining", "dev.blocksmith.miner",
            "db", "dev.blocksmith.storage",
            "wallet", "dev.blocksmith.wallet");

    private LoggingSetup() {
    }

    public static void configure(Path debugLog, boolean console, List<String> debug) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);

        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(ctx);
        file.setName("debug.log");
        file.setFile(debugLog.toString());
        file.setAppend(true);
        file.setEncoder(encoder(ctx));
        file.start();
        root.addAppender(file);

        if (console) {
            ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
            out.setContext(ctx);
            out.setName("console");
            out.setEncoder(encoder(ctx));
            out.start();
            root.addAppender(out);
        }
        // Third-party libraries stay quiet unless everything is asked for.
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        for (String cat : debug) {
            if (cat.equals("1") || cat.equals("all")) {
                ctx.getLogger("dev.blocksmith").setLevel(Level.DEBUG);
            } else if (CATEGORIES.containsKey(cat)) {
                ctx.getLogger(CATEGORIES.get(cat)).setLevel(Level.DEBUG);
            } else if (!cat.equals("0") && !cat.equals("none")) {
                root.warn("Unsupported logging category -debug={}.", cat);
            }
        }
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(PATTERN);
        enc.start();
        return enc;
    }
}
