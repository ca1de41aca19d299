package dev.blocksmith.cli.options;

import picocli.CommandLine.Option;

/** Memory pool policy options, named and defaulted as bitcoind's. */
public final class MempoolOptions {
    @Option(names = {"-maxmempool", "--maxmempool"}, paramLabel = "MB", defaultValue = "300", description = "Keep the mempool under this many megabytes (default: ${DEFAULT-VALUE})")
    int maxmempool;

    @Option(names = {"-minrelaytxfee", "--minrelaytxfee"}, paramLabel = "BTC/kvB", defaultValue = "0.00000100",
            description = "Lowest fee rate relayed and mined (default: ${DEFAULT-VALUE})")
    String minrelaytxfee;

    @Option(names = {"-mempoolexpiry", "--mempoolexpiry"}, paramLabel = "HOURS", defaultValue = "336", description = "Drop transactions older than this (default: ${DEFAULT-VALUE})")
    int mempoolexpiry;

    @Option(names = {"-persistmempool", "--persistmempool"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Save the mempool at shutdown and load it at start (default: ${DEFAULT-VALUE})")
    boolean persistmempool;
}
