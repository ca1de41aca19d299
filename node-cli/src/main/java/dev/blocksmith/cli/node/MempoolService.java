package dev.blocksmith.cli.node;

import dev.blocksmith.core.mempool.Mempool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code mempool.dat} and {@code fee_estimates.dat} at start and writes them at shutdown
 * ({@code -persistmempool}); the mempool itself is created with the chain state.
 */
final class MempoolService implements NodeService {
    private static final Logger LOG = LoggerFactory.getLogger(MempoolService.class);

    private final Mempool mempool;
    private final boolean persist;
    private final Path mempoolFile;
    private final Path feeFile;

    MempoolService(NodeContext ctx) {
        this.mempool = ctx.mempool();
        this.persist = ctx.config().mempool().persist();
        this.mempoolFile = ctx.config().networkDir().resolve("mempool.dat");
        this.feeFile = ctx.config().networkDir().resolve("fee_estimates.dat");
    }

    @Override
    public void start() {
        if (Files.exists(feeFile)) mempool.feeEstimator().load(feeFile);
        if (persist && Files.exists(mempoolFile)) {
            int n = mempool.load(mempoolFile);
            LOG.info("Imported mempool transactions from disk: {} successes", n);
        } else {
            mempool.markLoaded();
        }
    }

    @Override
    public void close() {
        try {
            if (persist) {
                int n = mempool.save(mempoolFile);
                LOG.info("Dumped mempool: {} transactions to {}", n, mempoolFile);
            }
            mempool.feeEstimator().save(feeFile);
        } catch (IOException e) {
            LOG.error("Failed to write the mempool or fee estimates: {}", e.getMessage());
        }
    }
}
