package dev.blocksmith.cli.node;

import dev.blocksmith.core.chain.BlockFileImporter;
import dev.blocksmith.core.chain.ChainManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's "initload" thread, started once RPC and P2P run: {@code -reindex} (or the rest of one a shutdown
 * interrupted) from the blk files, then the {@code -loadblock} files, then the mempool from {@code mempool.dat}.
 * RPC, health checks and peers are served meanwhile (the node reports initial block download, and getmempoolinfo
 * "loaded" false until the end, which is what Core's test framework waits for). Every block is connected in its
 * own atomic batch, so a shutdown in the middle keeps what was done. With {@code -stopafterblockimport} the node
 * begins its clean shutdown once the blocks are in, without loading the mempool (bitcoind's ImportBlocks step,
 * logging "Stopping after block import").
 */
final class InitLoadService implements NodeService {
    private static final Logger LOG = LoggerFactory.getLogger(InitLoadService.class);

    private final ChainManager chain;
    private final boolean reindex;
    private final List<Path> files;
    private final Runnable loadMempool;
    private final Optional<Runnable> stopAfterImport;
    private final AtomicBoolean stop = new AtomicBoolean();
    private Thread thread;

    /**
     * @param stopAfterImport -stopafterblockimport: the node's shutdown request, run once the import is done;
     *                        empty to keep running and load the mempool
     */
    InitLoadService(ChainManager chain, boolean reindex, List<Path> files, Runnable loadMempool,
                    Optional<Runnable> stopAfterImport) {
        this.chain = chain;
        this.reindex = reindex;
        this.files = List.copyOf(files);
        this.loadMempool = loadMempool;
        this.stopAfterImport = stopAfterImport;
    }

    @Override
    public void start() {
        thread = new Thread(this::run, "initload");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        // bitcoind's TraceThread lines; Core's tests wait for them.
        LOG.info("initload thread start");
        try {
            importBlocks();
            if (stop.get()) {
                // shutting down already
            } else if (stopAfterImport.isPresent()) {
                // bitcoind's log line, which scripts wait for.
                LOG.info("Stopping after block import");
                stopAfterImport.get().run();
            } else {
                loadMempool.run();
            }
        } catch (RuntimeException e) {
            LOG.error("initload: {}", e.getMessage(), e);
        }
        LOG.info("initload thread exit");
    }

    private void importBlocks() {
        if (reindex || chain.reindexPending()) {
            try {
                chain.reindexBlockFiles(stop::get);
            } catch (IOException | RuntimeException e) {
                LOG.error("Reindexing failed: {}", e.getMessage(), e);
                return;
            }
            if (stop.get()) return;
        }
        if (files.isEmpty()) return;
        BlockFileImporter importer = new BlockFileImporter(chain);
        for (Path file : files) {
            if (stop.get()) return;
            LOG.info("Importing blocks file {}...", file);
            try {
                importer.importFile(file, stop::get);
            } catch (IOException | RuntimeException e) {
                LOG.error("Importing blocks from {} failed: {}", file, e.getMessage(), e);
            }
        }
        LOG.info("Block import finished: height {}", chain.tip().height());
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        if (thread != null && !thread.join(Duration.ofSeconds(30))) {
            LOG.warn("Block import still running after 30 s of shutdown; the chain state keeps every block connected so far");
        }
    }
}
