package dev.blocksmith.cli.node;

import dev.blocksmith.core.mempool.Mempool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.blocksmith.core.time.NodeScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code mempool.dat} and {@code fee_estimates.dat} at start and writes them at shutdown
 * ({@code -persistmempool}); the mempool itself is created with the chain state.
 */
final class MempoolService implements NodeService {
    private static final Logger LOG = LoggerFactory.getLogger(MempoolService.class);

    /** bitcoind's FEE_FLUSH_INTERVAL: fee estimates are written hourly, not only at shutdown. */
    private static final Duration FEE_FLUSH_INTERVAL = Duration.ofHours(1);

    private final Mempool mempool;
    private final NodeScheduler scheduler;
    private final boolean persist;
    private final Path mempoolFile;
    private final Path feeFile;
    private final boolean acceptStaleFeeEstimates;

    MempoolService(NodeContext ctx) {
        this.mempool = ctx.mempool();
        this.scheduler = ctx.scheduler();
        this.persist = ctx.config().mempool().persist();
        this.mempoolFile = ctx.config().networkDir().resolve("mempool.dat");
        this.feeFile = ctx.config().networkDir().resolve("fee_estimates.dat");
        this.acceptStaleFeeEstimates = ctx.config().mempool().acceptStaleFeeEstimates();
    }

    @Override
    public void start() {
        mempool.feeEstimator().load(feeFile, acceptStaleFeeEstimates, java.time.Instant.now());
        if (mempool.feeEstimator().isEnabled()) {
            scheduler.scheduleEvery("fee estimates flush", FEE_FLUSH_INTERVAL, this::flushFeeEstimates);
        }
    }

    /**
     * Loads {@code mempool.dat} (or marks the load done without one): bitcoind does this in its initload thread,
     * after the block import, so it runs from {@link InitLoadService}.
     */
    void loadPersisted() {
        if (persist && Files.exists(mempoolFile)) {
            int n = mempool.load(mempoolFile);
            LOG.info("Imported mempool transactions from disk: {} successes", n);
        } else {
            mempool.markLoaded();
        }
    }

    private void flushFeeEstimates() {
        try {
            mempool.feeEstimator().save(feeFile);
            // bitcoind's line; feature_fee_estimation waits for it after mockscheduler.
            LOG.info("Flushed fee estimates to {}.", feeFile.getFileName());
        } catch (IOException e) {
            LOG.error("Failed to write fee estimates to {}: {}", feeFile, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            // A mempool whose load never finished (stopped during the import) is not written over the file.
            if (persist && mempool.isLoaded()) {
                int n = mempool.save(mempoolFile);
                LOG.info("Dumped mempool: {} transactions to {}", n, mempoolFile);
            }
            // bitcoind's CBlockPolicyEstimator::Flush: what is still unconfirmed counts as having left, then the file.
            if (mempool.feeEstimator().isEnabled()) {
                mempool.feeEstimator().flushUnconfirmed();
                flushFeeEstimates();
            }
        } catch (IOException e) {
            LOG.error("Failed to write the mempool or fee estimates: {}", e.getMessage());
        }
    }
}
