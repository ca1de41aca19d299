package dev.blocksmith.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Log destinations and categories. */
public final class LoggingOptions {
    @Option(names = {"-printtoconsole", "--printtoconsole"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Send log lines to the console as well as debug.log (default: ${DEFAULT-VALUE})")
    boolean printtoconsole;

    @Option(names = {"-debug", "--debug"}, paramLabel = "CATEGORY", split = ",", arity = "0..1", fallbackValue = "1",
            description = "Debug logging: 1/all, or categories net, rpc, validation, mempool, mining, db, wallet. Repeatable")
    List<String> debug = new ArrayList<>();

    @Option(names = {"-shrinkdebugfile", "--shrinkdebugfile"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Shrink debug.log at start when it is large (default: ${DEFAULT-VALUE})")
    boolean shrinkdebugfile;
}
