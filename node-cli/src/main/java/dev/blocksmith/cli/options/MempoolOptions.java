package dev.blocksmith.cli.options;

import picocli.CommandLine.Option;

/** Memory pool policy options, named and defaulted as bitcoind's. */
public final class MempoolOptions {
    @Option(names = {"-maxmempool", "--maxmempool"}, paramLabel = "MB", defaultValue = "300", description = "Keep the mempool under this many megabytes (default: ${DEFAULT-VALUE})")
    int maxmempool;

    /** bitcoind's default, 0.00000100; null when not given, so that -incrementalrelayfee may raise it. */
    @Option(names = {"-minrelaytxfee", "--minrelaytxfee"}, paramLabel = "BTC/kvB",
            description = "Lowest fee rate relayed and mined (default: 0.00000100)")
    String minrelaytxfee;

    static final String DEFAULT_MINRELAYTXFEE = "0.00000100";

    @Option(names = {"-mempoolexpiry", "--mempoolexpiry"}, paramLabel = "HOURS", defaultValue = "336", description = "Drop transactions older than this (default: ${DEFAULT-VALUE})")
    int mempoolexpiry;

    @Option(names = {"-acceptstalefeeestimates", "--acceptstalefeeestimates"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            defaultValue = "0", description = "Read fee_estimates.dat even when it is older than 60 hours (regtest only; default: ${DEFAULT-VALUE})")
    boolean acceptstalefeeestimates;

    @Option(names = {"-persistmempool", "--persistmempool"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Save the mempool at shutdown and load it at start (default: ${DEFAULT-VALUE})")
    boolean persistmempool;

    @Option(names = {"-acceptnonstdtxn", "--acceptnonstdtxn"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Relay and mine non-standard transactions (test networks only; default: ${DEFAULT-VALUE})")
    boolean acceptnonstdtxn;

    @Option(names = {"-permitbaremultisig", "--permitbaremultisig"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Relay transactions creating bare multisig outputs (default: ${DEFAULT-VALUE})")
    boolean permitbaremultisig;

    @Option(names = {"-datacarrier", "--datacarrier"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Relay and mine OP_RETURN data outputs (default: ${DEFAULT-VALUE})")
    boolean datacarrier;

    @Option(names = {"-datacarriersize", "--datacarriersize"}, paramLabel = "BYTES", defaultValue = "100000",
            description = "Largest total size of OP_RETURN outputs relayed and mined (default: ${DEFAULT-VALUE})")
    int datacarriersize;

    @Option(names = {"-bytespersigop", "--bytespersigop"}, paramLabel = "N", defaultValue = "20",
            description = "Virtual bytes one signature operation counts as for relay and mining (default: ${DEFAULT-VALUE})")
    int bytespersigop;

    @Option(names = {"-incrementalrelayfee", "--incrementalrelayfee"}, paramLabel = "BTC/kvB", defaultValue = "0.00000100",
            description = "Fee rate of relay cost, for mempool limiting and replacement (default: ${DEFAULT-VALUE})")
    String incrementalrelayfee;

    @Option(names = {"-dustrelayfee", "--dustrelayfee"}, paramLabel = "BTC/kvB", defaultValue = "0.00003",
            description = "Fee rate that defines dust outputs (default: ${DEFAULT-VALUE})")
    String dustrelayfee;

    @Option(names = {"-blockmintxfee", "--blockmintxfee"}, paramLabel = "BTC/kvB", defaultValue = "0.00000001",
            description = "Lowest fee rate of transactions put in new blocks (default: ${DEFAULT-VALUE})")
    String blockmintxfee;

    @Option(names = {"-limitancestorcount", "--limitancestorcount"}, paramLabel = "N", defaultValue = "25",
            description = "Refuse transactions with this many in-mempool ancestors or more (default: ${DEFAULT-VALUE})")
    int limitancestorcount;

    @Option(names = {"-limitancestorsize", "--limitancestorsize"}, paramLabel = "kvB", defaultValue = "101",
            description = "Refuse transactions whose size with in-mempool ancestors exceeds this (default: ${DEFAULT-VALUE})")
    int limitancestorsize;

    @Option(names = {"-limitdescendantcount", "--limitdescendantcount"}, paramLabel = "N", defaultValue = "25",
            description = "Refuse transactions giving an ancestor this many in-mempool descendants or more (default: ${DEFAULT-VALUE})")
    int limitdescendantcount;

    @Option(names = {"-limitdescendantsize", "--limitdescendantsize"}, paramLabel = "kvB", defaultValue = "101",
            description = "Refuse transactions giving an ancestor more than this much in-mempool descendants (default: ${DEFAULT-VALUE})")
    int limitdescendantsize;
}
