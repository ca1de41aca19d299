package dev.blocksmith.cli.options;

import picocli.CommandLine.Option;

/** In-node miner and block template options. */
public final class MiningOptions {
    @Option(names = {"-mine", "--mine", "-gen", "--gen"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Mine blocks continuously on the tip (default: ${DEFAULT-VALUE}; needs -mineaddress)")
    boolean mine;

    @Option(names = {"-mineaddress", "--mineaddress"}, paramLabel = "ADDR", description = "Address the in-node miner pays")
    String mineaddress;

    @Option(names = {"-minethreads", "--minethreads", "-genproclimit", "--genproclimit"}, paramLabel = "N", defaultValue = "-1",
            description = "Miner threads (default: all cores)")
    int minethreads;

    @Option(names = {"-blockmaxweight", "--blockmaxweight"}, paramLabel = "WU", defaultValue = "4000000",
            description = "Largest block weight to create (default: ${DEFAULT-VALUE})")
    long blockmaxweight;

    @Option(names = {"-blockreservedweight", "--blockreservedweight"}, paramLabel = "WU", defaultValue = "8000",
            description = "Weight kept for the block header and coinbase (at least 2000; default: ${DEFAULT-VALUE})")
    long blockreservedweight;

    @Option(names = {"-blockversion", "--blockversion"}, paramLabel = "N",
            description = "Regtest only: the version of the blocks this node creates, to test forking scenarios")
    Integer blockversion;
}
