package dev.blocksmith.cli.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network data directory in bitcoind's layout, so that tools and scripts written for bitcoind find
 * what they look for: {@code blocks/} holds the blk/rev files and {@code xor.dat} (unless {@code -blocksdir} puts
 * them elsewhere), {@code chainstate/} Blocksmith's one RocksDB database (the block index with every block's file
 * position, the coins, the best chain and the optional indexes' data), {@code indexes/} the optional indexes and
 * {@code wallets/} (made with a new network
 * directory, as bitcoind's GetDataDir; otherwise the wallets sit in the network directory itself) the wallets. A directory
 * made by an older Blocksmith ({@code chain/}) is moved into place once.
 */
public final class DataDirLayout {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirLayout.class);
    public static final String CHAINSTATE = "chainstate";
    public static final String BLOCKS = "blocks";
    public static final String INDEXES = "indexes";
    public static final String WALLETS = "wallets";
    private static final String LEGACY_CHAIN = "chain";

    private DataDirLayout() {
    }

    /**
     * bitcoind's GetDataDirNet: creates the network directory if needed, and with a new one its {@code wallets/} folder
     * (a directory that already exists, such as the functional tests' copied cache, keeps its wallets beside the
     * chain; see RpcService.defaultWalletDir).
     */
    public static void createNetworkDir(Path networkDir) throws IOException {
        if (Files.isDirectory(networkDir)) return;
        Files.createDirectories(networkDir);
        Files.createDirectories(networkDir.resolve(WALLETS));
    }

    /** Creates the folders and returns the chain database's directory. */
    public static Path prepare(Path networkDir) throws IOException {
        Path chainstate = networkDir.resolve(CHAINSTATE);
        Path legacy = networkDir.resolve(LEGACY_CHAIN);
        if (Files.isDirectory(legacy) && !Files.exists(chainstate)) {
            LOG.info("Moving the chain database from {} to {} (bitcoind's layout)", legacy, chainstate);
            Files.move(legacy, chainstate);
        }
        Files.createDirectories(chainstate);
        Files.createDirectories(networkDir.resolve(BLOCKS));
        return chainstate;
    }

    public static Path chainDatabase(Path networkDir) {
        return networkDir.resolve(CHAINSTATE);
    }

    /** A block filter index's database: bitcoind's {@code indexes/blockfilter/<type>/db}. */
    public static Path blockFilterIndex(Path networkDir, String filterType) {
        return networkDir.resolve(INDEXES).resolve("blockfilter").resolve(filterType).resolve("db");
    }

    /** The coin statistics index's database: bitcoind's {@code indexes/coinstats/db}. */
    public static Path coinStatsIndex(Path networkDir) {
        return networkDir.resolve(INDEXES).resolve("coinstats").resolve("db");
    }

    /** Removes a directory and everything in it (an index rebuilt by -reindex); nothing when it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
