package dev.blocksmith.cli.node;

import dev.blocksmith.core.chain.BlockFileImporter;
import dev.blocksmith.core.chain.ChainManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -loadblock}: imports blk*.dat files in a background thread once the other services run, as
 * bitcoind's import thread does, so RPC, health checks and peers are served while a long import validates
 * block after block (the node reports initial block download meanwhile). Every block is connected in its
 * own atomic batch, so a shutdown in the middle keeps what was imported.
 */
final class BlockImportService implements NodeService {
    private static final Logger LOG = LoggerFactory.getLogger(BlockImportService.class);

    private final ChainManager chain;
    private final List<Path> files;
    private final AtomicBoolean stop = new AtomicBoolean();
    private Thread thread;

    BlockImportService(ChainManager chain, List<Path> files) {
        this.chain = chain;
        this.files = List.copyOf(files);
    }

    @Override
    public void start() {
        thread = new Thread(this::importAll, "loadblk");
        thread.setDaemon(true);
        thread.start();
    }

    private void importAll() {
        BlockFileImporter importer = new BlockFileImporter(chain);
        for (Path file : files) {
            if (stop.get()) return;
            LOG.info("Importing blocks from {}", file);
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
