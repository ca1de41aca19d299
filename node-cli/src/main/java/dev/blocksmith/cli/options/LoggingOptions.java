package dev.blocksmith.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Log destinations, categories and line format, named and defaulted as bitcoind's. */
public final class LoggingOptions {
    @Option(names = {"-printtoconsole", "--printtoconsole"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Send log lines to the console as well as debug.log (default: ${DEFAULT-VALUE})")
    boolean printtoconsole;

    @Option(names = {"-debuglogfile", "--debuglogfile"}, paramLabel = "FILE",
            description = "Log file, relative to the network datadir unless absolute; 0 (or -nodebuglogfile) for none (default: debug.log)")
    String debuglogfile;

    @Option(names = {"-debug", "--debug"}, paramLabel = "CATEGORY", arity = "0..1", fallbackValue = "1",
            description = "Debug logging: 1/all, or a category (net, mempool, validation, rpc, http, wallet, ...). Repeatable")
    List<String> debug = new ArrayList<>();

    @Option(names = {"-debugexclude", "--debugexclude"}, paramLabel = "CATEGORY",
            description = "Exclude a category from debug logging; wins over -debug. Repeatable")
    List<String> debugexclude = new ArrayList<>();

    @Option(names = {"-loglevel", "--loglevel"}, paramLabel = "LEVEL|CATEGORY:LEVEL",
            description = "Level of the categories enabled with -debug: trace, debug, info, warning, error (default: debug). Repeatable")
    List<String> loglevel = new ArrayList<>();

    @Option(names = {"-logtimemicros", "--logtimemicros"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Microseconds in log timestamps (default: ${DEFAULT-VALUE})")
    boolean logtimemicros;

    @Option(names = {"-logthreadnames", "--logthreadnames"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Thread names in log lines (default: ${DEFAULT-VALUE})")
    boolean logthreadnames;

    @Option(names = {"-logsourcelocations", "--logsourcelocations"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "The logging class in log lines (default: ${DEFAULT-VALUE})")
    boolean logsourcelocations;

    @Option(names = {"-shrinkdebugfile", "--shrinkdebugfile"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Shrink debug.log at start when it is large (default: ${DEFAULT-VALUE})")
    boolean shrinkdebugfile;
}
