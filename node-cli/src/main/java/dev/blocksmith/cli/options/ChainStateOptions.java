package dev.blocksmith.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Chain database and index options. */
public final class ChainStateOptions {
    @Option(names = {"-dbcache", "--dbcache"}, paramLabel = "MiB", defaultValue = "450",
            description = "Maximum database cache size in MiB: the in-memory UTXO cache and the database's block cache "
                    + "(default: ${DEFAULT-VALUE}, bitcoind's)")
    int dbcache;

    /** Unset means bitcoind's default, off (with -prune bitcoind refuses only an explicit -txindex). */
    @Option(names = {"-txindex", "--txindex"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Maintain a full transaction index, used by the getrawtransaction rpc call (default: 0)")
    Boolean txindex;

    @Option(names = {"-prune", "--prune"}, paramLabel = "MiB", defaultValue = "0",
            description = "Delete old block and undo data: 0 keeps all (default), 1 only on RPC pruneblockchain, "
                    + "N >= 550 keeps them under N MiB. The last 288 blocks are always kept. Incompatible with -txindex")
    long prune;

    @Option(names = {"-fastprune", "--fastprune"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Blk files of 64 KiB instead of 128 MiB; on regtest pruning from height 100 instead of 1000 (bitcoind's test option; default: ${DEFAULT-VALUE})")
    boolean fastprune;

    @Option(names = {"-blocksxor", "--blocksxor"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "XOR the blk/rev files of a new blocks directory with a random key kept in blocks/xor.dat; "
                    + "0 writes them plain (default: ${DEFAULT-VALUE})")
    boolean blocksxor;

    @Option(names = {"-blocksdir", "--blocksdir"}, paramLabel = "DIR",
            description = "Keep the blk/rev files in DIR/<network>/blocks instead of the data directory; DIR must exist")
    String blocksdir;

    @Option(names = {"-addressindex", "--addressindex"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Maintain the address index for getaddressbalance/utxos/txids (default: ${DEFAULT-VALUE})")
    boolean addressindex;

    /** bitcoind's value: "0" off, "" or "1" every filter type, else filter type names. */
    @Option(names = {"-blockfilterindex", "--blockfilterindex"}, arity = "0..1", fallbackValue = "1", paramLabel = "0|1|basic",
            defaultValue = "0", description = "Maintain an index of compact block filters by block (default: ${DEFAULT-VALUE}, "
                    + "values: basic). If 1 or no type is given, all known filter types are indexed")
    String blockfilterindex;

    @Option(names = {"-coinstatsindex", "--coinstatsindex"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            defaultValue = "0", description = "Maintain coinstats index used by the gettxoutsetinfo RPC (default: ${DEFAULT-VALUE})")
    boolean coinstatsindex;

    @Option(names = {"-peerblockfilters", "--peerblockfilters"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            defaultValue = "0", description = "Serve compact block filters to peers per BIP 157 (default: ${DEFAULT-VALUE})")
    boolean peerblockfilters;

    @Option(names = {"-reindex", "--reindex"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Rebuild the block index, chain state and indexes from the blk files (default: ${DEFAULT-VALUE})")
    boolean reindex;

    @Option(names = {"-reindex-chainstate", "--reindex-chainstate"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Rebuild the chain state from the stored blocks (default: ${DEFAULT-VALUE})")
    boolean reindexChainstate;

    @Option(names = {"-loadblock", "--loadblock"}, paramLabel = "FILE", split = ",",
            description = "Import blocks from a blk*.dat style file at start. Repeatable")
    List<String> loadblock = new ArrayList<>();

    @Option(names = {"-par", "--par"}, paramLabel = "N", defaultValue = "0",
            description = "Script verification threads (0 = all cores, <0 = leave that many cores free; at most 15; default: ${DEFAULT-VALUE})")
    int par;

    @Option(names = {"-pid", "--pid"}, paramLabel = "FILE", description = "Process id file, relative to the network datadir (default: bitcoind.pid)")
    String pid;

    @Option(names = {"-maxtipage", "--maxtipage"}, paramLabel = "SECONDS", defaultValue = "86400",
            description = "A tip older than this keeps the node in initial block download (default: ${DEFAULT-VALUE})")
    long maxtipage;

    @Option(names = {"-stopatheight", "--stopatheight"}, paramLabel = "N", defaultValue = "0",
            description = "Stop running after the best chain reaches this height (bitcoind's test option; default: 0, never)")
    int stopatheight;

    @Option(names = {"-stopafterblockimport", "--stopafterblockimport"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            defaultValue = "0", description = "Stop running after importing blocks from disk (-reindex, -loadblock) (default: ${DEFAULT-VALUE})")
    boolean stopafterblockimport;

    @Option(names = {"-mocktime", "--mocktime"}, paramLabel = "UNIXTIME", defaultValue = "0",
            description = "Regtest only: run with the clock set to this time (default: 0, the real time)")
    long mocktime;
}
