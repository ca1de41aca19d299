package dev.blocksmith.cli.node;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.chain.DirectoryBlockFiles;
import dev.blocksmith.core.chain.FlatFileBlockStore;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.mempool.FeeEstimator;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.events.ValidationEventQueue;
import dev.blocksmith.cli.notify.NotifyCommands;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.time.NodeClock;
import dev.blocksmith.core.time.NodeScheduler;
import dev.blocksmith.storage.RocksDbKeyValueStore;
import dev.blocksmith.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the node's services together and owns their lifecycle: start in dependency order (storage,
 * chain, mempool, RPC, P2P, miner), stop in reverse on SIGTERM or RPC {@code stop}, flushing the chain
 * state before the database closes so that nothing committed is lost.
 */
public final class Node {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /** About 15 MiB of (sighash, key, signature) entries. */
    private static final int SIGNATURE_CACHE_ENTRIES = 100_000;

    private final NodeConfig config;
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** What to undo on stop, most recently started first. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** The node's clock: real time until setmocktime (bitcoind's NodeClock / SetMockTime). */
    private final NodeClock clock = NodeClock.system();
    private volatile NodeContext context;
    private volatile int exitCode;

    public Node(NodeConfig config) {
        this.config = config;
    }

    /** Runs the node until SIGTERM/SIGINT or RPC stop; returns the process exit code. */
    public static int runUntilShutdown(NodeConfig config) {
        return runUntilShutdown(config, StartupReport.NONE);
    }

    /** As {@link #runUntilShutdown(NodeConfig)}, logging what bitcoind logs about its configuration first. */
    public static int runUntilShutdown(NodeConfig config, StartupReport report) {
        try {
            DataDirLayout.createNetworkDir(config.networkDir());
        } catch (IOException e) {
            System.err.println("Error: cannot create data directory " + config.networkDir() + ": " + e.getMessage());
            return 1;
        }
        // bitcoind opens debug.log without creating folders: a log path in a missing folder stops the start.
        java.util.Optional<java.nio.file.Path> unopenable = config.logging().settings().file().filter(f -> !LoggingSetup.canAppend(f));
        if (unopenable.isPresent()) {
            System.err.println("Error: Could not open debug log file " + unopenable.get().toAbsolutePath());
            return 1;
        }
        LoggingSetup.configure(config.logging().settings());
        logStartup(config, report);
        if (report.lateInitError().isPresent()) {
            // bitcoind's InitError: in debug.log and on stderr, exit code 1.
            LOG.error("Error: {}", report.lateInitError().get());
            System.err.println("Error: " + report.lateInitError().get());
            ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            return 1;
        }
        Node node = new Node(config);
        Thread hook = new Thread(() -> {
            node.requestShutdown();
            node.stop();
        }, "shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        // SIGTERM/SIGINT ask for the same orderly stop as RPC stop, so the process exits 0 as bitcoind
        // does; the shutdown hook stays as the fallback for any other JVM exit.
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> node.requestShutdown());
            } catch (IllegalArgumentException unsupported) {
                LOG.debug("Signal {} cannot be handled here", signal);
            }
        }
        try {
            node.start();
        } catch (Exception e) {
            LOG.error("Startup failed: {}", e.getMessage(), e);
            // bitcoind words a database to rebuild as a question it answers itself when not interactive.
            String message = e instanceof dev.blocksmith.core.chain.ChainstateLoadException load ? load.startupMessage()
                    : e instanceof dev.blocksmith.core.index.IndexStartException index ? index.startupMessage()
                    : "Error: " + e.getMessage();
            // Written as UTF-8 bytes: bitcoind's messages may hold non-ASCII characters (an ellipsis).
            byte[] line = (message + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            System.err.write(line, 0, line.length);
            System.err.flush();
            node.stop();
            return 1;
        }
        node.awaitShutdownRequest();
        node.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // SIGTERM: the hook is running and stops the node itself.
        }
        return node.exitCode();
    }

    private static void logStartup(NodeConfig config, StartupReport report) {
        LOG.info("Using data directory {}", config.networkDir());
        report.configFile().ifPresentOrElse(f -> LOG.info("Config file: {}", f),
                () -> LOG.info("Config file: {} (not found, skipping)", config.datadir().resolve("bitcoin.conf")));
        for (String line : report.argsLog()) LOG.info("{}", line);
        for (String line : report.logLines()) LOG.warn("{}", line);
        for (String w : report.initWarnings()) LOG.warn("Warning: {}", w);
        for (String line : config.parameterInteractions()) LOG.info("{}", line);
    }

    public void start() throws Exception {
        NodeConfig c = config;
        // bitcoind logs every signet's message start at start-up (feature_signet reads it).
        if (c.params().isSignet()) LOG.info("Signet derived magic (message start): {}", c.params().magicHex());
        LOG.info("Blocksmith version {} starting on {} (datadir {})", dev.blocksmith.cli.Version.VERSION,
                c.params().name(), c.networkDir());
        // bitcoind's -mocktime (regtest only, checked with the options): the clock starts mocked.
        if (c.chainState().mockTime() != 0) clock.setMockTime(c.chainState().mockTime());
        // bitcoind locks the network datadir before it touches anything in it.
        started.push(DataDirLock.acquire(c.networkDir()));
        Path chainDir = DataDirLayout.prepare(c.networkDir());
        Path blocksDir = c.chainState().blocksDir().orElse(c.networkDir().resolve(DataDirLayout.BLOCKS));
        Files.createDirectories(blocksDir);
        // bitcoind locks the blocks directory too: -blocksdir may point two nodes at the same files.
        started.push(DataDirLock.acquire(blocksDir));
        // bitcoind's BlockManager: blk/rev files, 64 KiB each with -fastprune, XORed with blocks/xor.dat's key.
        FlatFileBlockStore blockStore = FlatFileBlockStore.open(new DirectoryBlockFiles(blocksDir), c.params().magic(),
                c.chainState().prune().fastPrune() ? FlatFileBlockStore.FASTPRUNE_BLOCKFILE_SIZE : FlatFileBlockStore.MAX_BLOCKFILE_SIZE,
                c.chainState().blocksXor());
        started.push(blockStore);
        long maxHeap = Runtime.getRuntime().maxMemory();
        DbCacheSplit cache = DbCacheSplit.of(c.chainState().dbCacheMiB(), maxHeap,
                DbCacheSplit.heapBudgetBytes(Optional.ofNullable(System.getProperty(DbCacheSplit.HEAP_BUDGET_PROPERTY))));
        LOG.info("Cache configuration:");
        LOG.info("* Using {} MiB for the chain database", cache.databaseMiB());
        LOG.info("* Using {} MiB for in-memory UTXO set{}", cache.coinsBytes() / (1024 * 1024),
                cache.capped() ? " (limited by the Java heap of " + maxHeap / (1024 * 1024) + " MiB)" : "");
        KeyValueStore store = RocksDbKeyValueStore.open(chainDir, StorageOptions.defaults().withCacheMiB(cache.databaseMiB()));
        started.push(store);
        if (c.chainState().reindex() || c.chainState().reindexChainState()) {
            LOG.info("Wiping the chain state for {}", c.chainState().reindex() ? "-reindex" : "-reindex-chainstate");
            ChainManager.wipeChainState(store, blockStore, c.chainState().reindex(), c.chainState().prune());
        }
        // One signature cache for mempool and blocks: a transaction verified on entry is not verified again.
        if (!dev.blocksmith.core.crypto.Secp256k1Verifier.sanityCheck()) {
            throw new IllegalStateException("Elliptic curve cryptography sanity check failure. Aborting.");
        }
        ScriptValidation validation = new ScriptValidation(new SignatureCache(SIGNATURE_CACHE_ENTRIES));
        ParallelScriptVerifier verifier = new ParallelScriptVerifier(validation, c.chainState().scriptThreads());
        started.push(verifier);
        verifier.warmUp();
        // -mocktime: the clock is mocked from the start, before anything reads it (bitcoind's init order).
        if (c.chainState().mockTime() != 0) clock.setMockTime(c.chainState().mockTime());
        NodeScheduler scheduler = NodeScheduler.start("scheduler");
        started.push(scheduler);
        ChainManager chain = ChainManager.open(c.params(), store, blockStore, verifier,
                new ChainOptions(c.chainState().addressIndex(), c.chainState().txIndex(), c.chainState().maxTipAgeSeconds())
                        .withPrune(c.chainState().prune())
                        .withCoinsCacheBytes(cache.coinsBytes())
                        .withAssumeValid(c.params().assumeValid()),
                clock::seconds);
        started.push(chain);
        // -stopatheight watches tips connected from now on, a reindex's too (bitcoind: block-tip notifications,
        // not the tip loaded at start).
        c.chainState().stopAtHeight().ifPresent(h -> chain.addListener(new StopAtHeight(h, this::requestShutdown)));
        chain.setFatalErrorHandler(this::fatalError);
        // bitcoind's VerifyLoadedChainstate (-checkblocks=6 -checklevel=3), skipped while reindexing.
        if (!c.chainState().reindex() && !c.chainState().reindexChainState() && !chain.reindexPending()) {
            chain.verifyAtStartup(ChainManager.DEFAULT_CHECK_LEVEL, ChainManager.DEFAULT_CHECK_BLOCKS);
        }
        Mempool mempool = new Mempool(chain, c.mempool().policy(),
                TxScriptChecker.of(validation),
                // bitcoind makes no fee estimator for a node that ignores incoming transactions (-blocksonly).
                c.p2p().relay().blocksOnly() ? FeeEstimator.disabled() : new FeeEstimator(), clock::seconds);
        chain.addListener(mempool);
        // The validation event queue (bitcoind's validation interface queue): chain and mempool post to it under
        // their locks, ZMQ reads it on its own thread. Closed after every service that listens to it stopped.
        ValidationEventQueue events = ValidationEventQueue.start("validation-events");
        started.push(events);
        chain.publishTo(events);
        mempool.publishTo(events);
        NotifyCommands notifyCommands = new NotifyCommands(c.notifications());
        if (notifyCommands.notifiesBlocks()) chain.addListener(notifyCommands);
        chain.warnings().onRaised(notifyCommands::alert);
        NodeContext ctx = new NodeContext(c, chain, store, validation, mempool, this::requestShutdown,
                clock, scheduler, startIndexes(c, chain), events, notifyCommands);
        this.context = ctx;
        for (NodeService s : NodeServices.create(ctx)) {
            s.start();
            started.push(s);
        }
        LOG.info("Blocksmith started: height {} best block {}", chain.tip().height(), chain.tip().hash());
        // bitcoind's last init message; tools (and Core's tests) wait for this line.
        LOG.info("init message: Done loading");
        c.chainState().pidFile().ifPresent(pid -> started.push(PidFile.write(pid)));
        notifyCommands.started();
    }

    /**
     * The -blockfilterindex and -coinstatsindex indexes, each in its own database where bitcoind keeps it
     * ({@code indexes/blockfilter/<type>/db}, {@code indexes/coinstats/db}); -reindex rebuilds them, as bitcoind wipes
     * its indexes then.
     */
    private dev.blocksmith.core.index.Indexes startIndexes(NodeConfig c, ChainManager chain)
            throws java.io.IOException, dev.blocksmith.core.index.IndexStartException {
        java.util.Map<dev.blocksmith.core.filter.BlockFilterType, dev.blocksmith.core.index.BlockFilterIndex> filters =
                new java.util.EnumMap<>(dev.blocksmith.core.filter.BlockFilterType.class);
        java.util.List<dev.blocksmith.core.index.ChainIndex> all = new java.util.ArrayList<>();
        java.util.Optional<dev.blocksmith.core.index.CoinStatsIndex> coinStats = java.util.Optional.empty();
        for (dev.blocksmith.core.filter.BlockFilterType type : c.chainState().blockFilters().indexes()) {
            KeyValueStore indexStore = openIndexStore(c, DataDirLayout.blockFilterIndex(c.networkDir(), type.label()));
            dev.blocksmith.core.index.BlockFilterIndex index = new dev.blocksmith.core.index.BlockFilterIndex(type, chain, indexStore);
            started.push(index);
            filters.put(type, index);
            all.add(index);
        }
        // After the filters, as bitcoind's node.indexes: the first of equally late indexes names the pruning error.
        if (c.chainState().coinStatsIndex()) {
            KeyValueStore indexStore = openIndexStore(c, DataDirLayout.coinStatsIndex(c.networkDir()));
            dev.blocksmith.core.index.CoinStatsIndex index = new dev.blocksmith.core.index.CoinStatsIndex(chain, indexStore);
            started.push(index);
            coinStats = java.util.Optional.of(index);
            all.add(index);
        }
        // bitcoind's StartIndexBackgroundSync: the blocks from the index furthest behind up to the tip must be stored.
        java.util.Optional<dev.blocksmith.core.index.ChainIndex> oldest = java.util.Optional.empty();
        int oldestHeight = Integer.MAX_VALUE;
        for (dev.blocksmith.core.index.ChainIndex index : all) {
            java.util.OptionalInt from = index.catchUpStartHeight();
            if (from.isPresent() && from.getAsInt() < oldestHeight) {
                oldestHeight = from.getAsInt();
                oldest = java.util.Optional.of(index);
            }
        }
        if (oldest.isPresent() && !chain.hasBlockData(oldestHeight, chain.tip().height())) {
            throw dev.blocksmith.core.index.IndexStartException.beyondPrunedData(oldest.get().name());
        }
        all.forEach(dev.blocksmith.core.index.ChainIndex::start);
        return new dev.blocksmith.core.index.Indexes(filters, coinStats);
    }

    /** An index's own database; -reindex wipes it first. */
    private KeyValueStore openIndexStore(NodeConfig c, Path dir) throws java.io.IOException {
        if (c.chainState().reindex() && Files.exists(dir)) {
            // bitcoind's CDBWrapper line when -reindex wipes an index database (feature_reindex checks that a later
            // start without -reindex does not log it).
            LOG.info("Wiping LevelDB in {}", dir.toAbsolutePath());
            DataDirLayout.deleteRecursively(dir);
        }
        KeyValueStore indexStore = RocksDbKeyValueStore.open(dir, StorageOptions.defaults().withCacheMiB(8).withBlobFilesForBlocks(false));
        started.push(indexStore);
        return indexStore;
    }

    /** The node clock, so start-up options (bitcoind's -mocktime) can set it before {@link #start()}. */
    public NodeClock clock() {
        return clock;
    }

    public NodeContext context() {
        return context;
    }

    /**
     * bitcoind's AbortNode: a fatal internal error (block data that cannot be read or written) prints bitcoind's
     * message on stderr and stops the node with a failure exit code.
     */
    private void fatalError(String message) {
        System.err.println("Error: A fatal internal error occurred, see debug.log for details: " + message);
        System.err.flush();
        exitCode = 1;
        requestShutdown();
    }

    /** The process exit code once the node stopped: 1 after a fatal error, else 0. */
    public int exitCode() {
        return exitCode;
    }

    /** Asks the main thread to stop the node (RPC stop, signals). */
    public void requestShutdown() {
        shutdownRequested.countDown();
    }

    public void awaitShutdownRequest() {
        try {
            shutdownRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every started service in reverse order; safe to call more than once and from any thread. */
    public synchronized void stop() {
        if (!stopped.compareAndSet(false, true)) return;
        // bitcoind runs -shutdownnotify first, before anything stops, and waits for it.
        NodeContext running = context;
        if (running != null) running.notifyCommands().shuttingDown();
        LOG.info("Shutdown: in progress...");
        while (!started.isEmpty()) {
            AutoCloseable s = started.pop();
            try {
                s.close();
            } catch (Exception e) {
                LOG.error("Shutdown: error stopping {}: {}", s.getClass().getSimpleName(), e.getMessage(), e);
            }
        }
        LOG.info("Shutdown: done");
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.stop();
    }
}
