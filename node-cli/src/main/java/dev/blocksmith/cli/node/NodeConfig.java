package dev.blocksmith.cli.node;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.Script;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The node's whole configuration after flags, environment, config file and defaults were merged and
 * checked. Immutable; {@link Node} reads nothing else.
 */
public record NodeConfig(NetworkParams params, Path datadir, Path networkDir, Rpc rpc, P2p p2p, ChainState chainState,
                         Mempool mempool, Wallet wallet, Mining mining, Logging logging, Metrics metrics,
                         Notifications notifications, List<String> parameterInteractions, Optional<Path> settingsFile) {

    /** JSON-RPC server. */
    public record Rpc(boolean enabled, int port, List<String> bind, List<String> allowIp, Optional<String> user,
                      Optional<String> password, List<String> rpcauth, Path cookieFile, int threads, int workQueue,
                      boolean readyAllowIbd, long serverTimeoutSeconds, List<String> whitelist,
                      Optional<Boolean> whitelistDefault, boolean cookieEnabled, String cookiePerms, boolean rest) {
    }

    /** Peer-to-peer network. */
    public record P2p(int port, List<String> bind, boolean listen, List<String> connect, List<String> addNode,
                      List<String> seedNode, int maxConnections, List<String> externalIp, boolean dnsSeed,
                      boolean networkActive, long peerTimeoutSeconds, long banTimeSeconds, List<String> uaComments, List<String> whitelist, List<String> whitebind,
                      boolean whitelistRelay, boolean whitelistForceRelay, Optional<dev.blocksmith.p2p.Socks5Proxy> proxy,
                      boolean deterministicAddrman, dev.blocksmith.p2p.NetworkReach networks, boolean fixedSeeds,
                      dev.blocksmith.p2p.RelayOptions relay, boolean v2Transport, boolean forceDnsSeed,
                      dev.blocksmith.p2p.OverlayOptions overlays, dev.blocksmith.p2p.traffic.TrafficOptions traffic) {
        /** Without -maxuploadtarget or -capturemessages. */
        public P2p(int port, List<String> bind, boolean listen, List<String> connect, List<String> addNode,
                   List<String> seedNode, int maxConnections, List<String> externalIp, boolean dnsSeed,
                   boolean networkActive, long peerTimeoutSeconds, long banTimeSeconds, List<String> uaComments, List<String> whitelist, List<String> whitebind,
                   boolean whitelistRelay, boolean whitelistForceRelay, Optional<dev.blocksmith.p2p.Socks5Proxy> proxy,
                   boolean deterministicAddrman, dev.blocksmith.p2p.NetworkReach networks, boolean fixedSeeds,
                   dev.blocksmith.p2p.RelayOptions relay, boolean v2Transport, boolean forceDnsSeed,
                   dev.blocksmith.p2p.OverlayOptions overlays) {
            this(port, bind, listen, connect, addNode, seedNode, maxConnections, externalIp, dnsSeed, networkActive, peerTimeoutSeconds,
                    banTimeSeconds, uaComments, whitelist, whitebind, whitelistRelay, whitelistForceRelay, proxy, deterministicAddrman,
                    networks, fixedSeeds, relay, v2Transport, forceDnsSeed, overlays, dev.blocksmith.p2p.traffic.TrafficOptions.none());
        }

        /** Without -i2pacceptincoming, -listenonion, -torcontrol or -torpassword handling (no Tor control connection). */
        public P2p(int port, List<String> bind, boolean listen, List<String> connect, List<String> addNode,
                   List<String> seedNode, int maxConnections, List<String> externalIp, boolean dnsSeed,
                   boolean networkActive, long peerTimeoutSeconds, long banTimeSeconds, List<String> uaComments, List<String> whitelist, List<String> whitebind,
                   boolean whitelistRelay, boolean whitelistForceRelay, Optional<dev.blocksmith.p2p.Socks5Proxy> proxy,
                   boolean deterministicAddrman, dev.blocksmith.p2p.NetworkReach networks, boolean fixedSeeds,
                   dev.blocksmith.p2p.RelayOptions relay, boolean v2Transport, boolean forceDnsSeed) {
            this(port, bind, listen, connect, addNode, seedNode, maxConnections, externalIp, dnsSeed, networkActive, peerTimeoutSeconds,
                    banTimeSeconds, uaComments, whitelist, whitebind, whitelistRelay, whitelistForceRelay, proxy, deterministicAddrman,
                    networks, fixedSeeds, relay, v2Transport, forceDnsSeed, dev.blocksmith.p2p.OverlayOptions.none());
        }

        /** Without -forcednsseed (bitcoind's default: off). */
        public P2p(int port, List<String> bind, boolean listen, List<String> connect, List<String> addNode,
                   List<String> seedNode, int maxConnections, List<String> externalIp, boolean dnsSeed,
                   boolean networkActive, long peerTimeoutSeconds, long banTimeSeconds, List<String> uaComments, List<String> whitelist, List<String> whitebind,
                   boolean whitelistRelay, boolean whitelistForceRelay, Optional<dev.blocksmith.p2p.Socks5Proxy> proxy,
                   boolean deterministicAddrman, dev.blocksmith.p2p.NetworkReach networks, boolean fixedSeeds,
                   dev.blocksmith.p2p.RelayOptions relay, boolean v2Transport) {
            this(port, bind, listen, connect, addNode, seedNode, maxConnections, externalIp, dnsSeed, networkActive, peerTimeoutSeconds,
                    banTimeSeconds, uaComments, whitelist, whitebind, whitelistRelay, whitelistForceRelay, proxy, deterministicAddrman,
                    networks, fixedSeeds, relay, v2Transport, false);
        }

        /**
         * With bitcoind's default relay options (-blocksonly off, -blockreconstructionextratxn 100) and -v2transport
         * (on).
         */
        public P2p(int port, List<String> bind, boolean listen, List<String> connect, List<String> addNode,
                   List<String> seedNode, int maxConnections, List<String> externalIp, boolean dnsSeed,
                   boolean networkActive, long peerTimeoutSeconds, long banTimeSeconds, List<String> uaComments, List<String> whitelist, List<String> whitebind,
                   boolean whitelistRelay, boolean whitelistForceRelay, Optional<dev.blocksmith.p2p.Socks5Proxy> proxy,
                   boolean deterministicAddrman, dev.blocksmith.p2p.NetworkReach networks, boolean fixedSeeds) {
            this(port, bind, listen, connect, addNode, seedNode, maxConnections, externalIp, dnsSeed, networkActive, peerTimeoutSeconds,
                    banTimeSeconds, uaComments, whitelist, whitebind, whitelistRelay, whitelistForceRelay, proxy, deterministicAddrman,
                    networks, fixedSeeds, dev.blocksmith.p2p.RelayOptions.defaults(), true);
        }

        /** Without -fixedseeds (bitcoind's default: on). */
        public P2p(int port, List<String> bind, boolean listen, List<String> connect, List<String> addNode,
                   List<String> seedNode, int maxConnections, List<String> externalIp, boolean dnsSeed,
                   boolean networkActive, long peerTimeoutSeconds, long banTimeSeconds, List<String> uaComments, List<String> whitelist, List<String> whitebind,
                   boolean whitelistRelay, boolean whitelistForceRelay, Optional<dev.blocksmith.p2p.Socks5Proxy> proxy,
                   boolean deterministicAddrman, dev.blocksmith.p2p.NetworkReach networks) {
            this(port, bind, listen, connect, addNode, seedNode, maxConnections, externalIp, dnsSeed, networkActive, peerTimeoutSeconds,
                    banTimeSeconds, uaComments, whitelist, whitebind, whitelistRelay, whitelistForceRelay, proxy, deterministicAddrman,
                    networks, true);
        }

        /** Networks from -proxy alone (no -onlynet, -onion, -i2psam or -cjdnsreachable). */
        public P2p(int port, List<String> bind, boolean listen, List<String> connect, List<String> addNode,
                   List<String> seedNode, int maxConnections, List<String> externalIp, boolean dnsSeed,
                   boolean networkActive, long peerTimeoutSeconds, long banTimeSeconds, List<String> uaComments, List<String> whitelist, List<String> whitebind,
                   boolean whitelistRelay, boolean whitelistForceRelay, Optional<dev.blocksmith.p2p.Socks5Proxy> proxy,
                   boolean deterministicAddrman) {
            this(port, bind, listen, connect, addNode, seedNode, maxConnections, externalIp, dnsSeed, networkActive, peerTimeoutSeconds,
                    banTimeSeconds, uaComments, whitelist, whitebind, whitelistRelay, whitelistForceRelay, proxy, deterministicAddrman,
                    dev.blocksmith.p2p.NetworkReach.configure(java.util.Set.of(), proxy, Optional.empty(), false, Optional.empty()));
        }

        /** Without -test=addrman. */
        public P2p(int port, List<String> bind, boolean listen, List<String> connect, List<String> addNode,
                   List<String> seedNode, int maxConnections, List<String> externalIp, boolean dnsSeed,
                   boolean networkActive, long peerTimeoutSeconds, long banTimeSeconds, List<String> uaComments, List<String> whitelist, List<String> whitebind,
                   boolean whitelistRelay, boolean whitelistForceRelay, Optional<dev.blocksmith.p2p.Socks5Proxy> proxy) {
            this(port, bind, listen, connect, addNode, seedNode, maxConnections, externalIp, dnsSeed, networkActive, peerTimeoutSeconds,
                    banTimeSeconds, uaComments, whitelist, whitebind, whitelistRelay, whitelistForceRelay, proxy, false);
        }
    }

    /**
     * Chain database and indexes; {@code prune} is -prune and -fastprune (which also makes blk files 64 KiB),
     * {@code blockFilters} -blockfilterindex and -peerblockfilters, {@code blocksXor} -blocksxor, {@code blocksDir} the blk/rev files' directory ({@code -blocksdir}'s
     * {@code <dir>/<network>/blocks}; empty for {@code <network datadir>/blocks}), {@code stopAtHeight} -stopatheight (empty: never),
     * {@code coinStatsIndex} -coinstatsindex, {@code stopAfterBlockImport} -stopafterblockimport (shut down once the
     * reindex and -loadblock import are done).
     */
    public record ChainState(int dbCacheMiB, boolean txIndex, boolean addressIndex, boolean reindex,
                             boolean reindexChainState, List<Path> loadBlock, int scriptThreads, long maxTipAgeSeconds,
                             long mockTime, Optional<Path> pidFile, dev.blocksmith.core.chain.PruneOptions prune,
                             BlockFilters blockFilters, boolean blocksXor, Optional<Path> blocksDir,
                             java.util.OptionalInt stopAtHeight, boolean coinStatsIndex, boolean stopAfterBlockImport) {
        /** Without -stopafterblockimport. */
        public ChainState(int dbCacheMiB, boolean txIndex, boolean addressIndex, boolean reindex,
                          boolean reindexChainState, List<Path> loadBlock, int scriptThreads, long maxTipAgeSeconds,
                          long mockTime, Optional<Path> pidFile, dev.blocksmith.core.chain.PruneOptions prune,
                          BlockFilters blockFilters, boolean blocksXor, Optional<Path> blocksDir,
                          java.util.OptionalInt stopAtHeight, boolean coinStatsIndex) {
            this(dbCacheMiB, txIndex, addressIndex, reindex, reindexChainState, loadBlock, scriptThreads, maxTipAgeSeconds,
                    mockTime, pidFile, prune, blockFilters, blocksXor, blocksDir, stopAtHeight, coinStatsIndex, false);
        }

        /** Without -coinstatsindex. */
        public ChainState(int dbCacheMiB, boolean txIndex, boolean addressIndex, boolean reindex,
                          boolean reindexChainState, List<Path> loadBlock, int scriptThreads, long maxTipAgeSeconds,
                          long mockTime, Optional<Path> pidFile, dev.blocksmith.core.chain.PruneOptions prune,
                          BlockFilters blockFilters, boolean blocksXor, Optional<Path> blocksDir,
                          java.util.OptionalInt stopAtHeight) {
            this(dbCacheMiB, txIndex, addressIndex, reindex, reindexChainState, loadBlock, scriptThreads, maxTipAgeSeconds,
                    mockTime, pidFile, prune, blockFilters, blocksXor, blocksDir, stopAtHeight, false);
        }

        /** Without -stopatheight. */
        public ChainState(int dbCacheMiB, boolean txIndex, boolean addressIndex, boolean reindex,
                          boolean reindexChainState, List<Path> loadBlock, int scriptThreads, long maxTipAgeSeconds,
                          long mockTime, Optional<Path> pidFile, dev.blocksmith.core.chain.PruneOptions prune,
                          BlockFilters blockFilters, boolean blocksXor, Optional<Path> blocksDir) {
            this(dbCacheMiB, txIndex, addressIndex, reindex, reindexChainState, loadBlock, scriptThreads, maxTipAgeSeconds,
                    mockTime, pidFile, prune, blockFilters, blocksXor, blocksDir, java.util.OptionalInt.empty());
        }

        public ChainState(int dbCacheMiB, boolean txIndex, boolean addressIndex, boolean reindex,
                          boolean reindexChainState, List<Path> loadBlock, int scriptThreads, long maxTipAgeSeconds,
                          long mockTime, Optional<Path> pidFile, dev.blocksmith.core.chain.PruneOptions prune) {
            this(dbCacheMiB, txIndex, addressIndex, reindex, reindexChainState, loadBlock, scriptThreads, maxTipAgeSeconds,
                    mockTime, pidFile, prune, BlockFilters.NONE, true, Optional.empty());
        }

        public ChainState(int dbCacheMiB, boolean txIndex, boolean addressIndex, boolean reindex,
                          boolean reindexChainState, List<Path> loadBlock, int scriptThreads, long maxTipAgeSeconds,
                          long mockTime, Optional<Path> pidFile) {
            this(dbCacheMiB, txIndex, addressIndex, reindex, reindexChainState, loadBlock, scriptThreads, maxTipAgeSeconds,
                    mockTime, pidFile, dev.blocksmith.core.chain.PruneOptions.OFF);
        }
    }

    /**
     * Compact block filters: {@code indexes} are the -blockfilterindex types, {@code serveToPeers} is -peerblockfilters
     * (BIP157, NODE_COMPACT_FILTERS; needs the basic index).
     */
    public record BlockFilters(java.util.Set<dev.blocksmith.core.filter.BlockFilterType> indexes, boolean serveToPeers) {
        public static final BlockFilters NONE = new BlockFilters(java.util.Set.of(), false);

        public BlockFilters {
            indexes = java.util.Set.copyOf(indexes);
        }
    }

    /** Mempool policy. */
    /** @param acceptStaleFeeEstimates -acceptstalefeeestimates: read fee_estimates.dat however old (regtest only) */
    public record Mempool(long maxMempoolBytes, Amount minRelayFeePerKvB, long expirySeconds, boolean persist,
                          dev.blocksmith.core.mempool.MempoolOptions policy, boolean acceptStaleFeeEstimates) {
        public Mempool(long maxMempoolBytes, Amount minRelayFeePerKvB, long expirySeconds, boolean persist,
                       dev.blocksmith.core.mempool.MempoolOptions policy) {
            this(maxMempoolBytes, minRelayFeePerKvB, expirySeconds, persist, policy, false);
        }
    }

    /**
     * Wallets.
     *
     * @param fallbackFeePerKvB -fallbackfee in satoshis per kvB; empty for the network default, zero to refuse
     *     sends without an estimate
     * @param policy -addresstype, -changetype, -walletrbf, -walletbroadcast and the other wallet behaviour options
     * @param walletDir -walletdir (absolute, an existing directory); empty for {@code <networkdir>/wallets}
     * @param unsafeSqliteSync -unsafesqlitesync: wallet files written without waiting for the disk (tests only)
     * @param startupWalletsFromSettings false when the command line negates -wallet: settings.json's wallets are not
     *     loaded at start (bitcoind's GetSettingsList)
     */
    public record Wallet(boolean enabled, List<String> startupWallets, int keypool, Optional<Amount> fallbackFeePerKvB,
                         dev.blocksmith.wallet.WalletPolicy policy, Optional<Path> walletDir, boolean unsafeSqliteSync,
                         boolean startupWalletsFromSettings) {
        public Wallet(boolean enabled, List<String> startupWallets, int keypool, Optional<Amount> fallbackFeePerKvB,
                      dev.blocksmith.wallet.WalletPolicy policy, Optional<Path> walletDir) {
            this(enabled, startupWallets, keypool, fallbackFeePerKvB, policy, walletDir, false, true);
        }

        public Wallet(boolean enabled, List<String> startupWallets, int keypool, Optional<Amount> fallbackFeePerKvB) {
            this(enabled, startupWallets, keypool, fallbackFeePerKvB, dev.blocksmith.wallet.WalletPolicy.DEFAULT, Optional.empty());
        }
    }

    /** In-node miner. */
    public record Mining(boolean enabled, Optional<Script> payTo, Optional<String> address, int threads, long blockMaxWeight,
                         long blockReservedWeight, java.util.OptionalInt blockVersion) {
    }

    /** Logging: where lines go, what is enabled and the line format (bitcoind's logging options). */
    public record Logging(LoggingSetup.Settings settings) {
        public Logging(boolean printToConsole, List<String> debugCategories, Path debugLog) {
            this(new LoggingSetup.Settings(Optional.of(debugLog), printToConsole, debugCategories, List.of(), List.of(),
                    false, false, false));
        }

        public boolean printToConsole() {
            return settings.console();
        }

        public List<String> debugCategories() {
            return settings.debug();
        }

        /** debug.log's path; empty with -nodebuglogfile. */
        public Optional<Path> debugLogFile() {
            return settings.file();
        }
    }

    /**
     * What the node tells the outside world: bitcoind's ZMQ publishers (in bitcoind's order) and the commands run
     * through the shell on a new tip, a wallet transaction, an alert, start-up and shutdown.
     */
    public record Notifications(List<dev.blocksmith.zmq.ZmqNotifierConfig> zmq, Optional<String> blockNotify,
                                Optional<String> walletNotify, Optional<String> alertNotify, Optional<String> startupNotify,
                                List<String> shutdownNotify) {
    }

    /** Prometheus metrics (port 0: off). */
    public record Metrics(int port, String bind) {
    }
}
