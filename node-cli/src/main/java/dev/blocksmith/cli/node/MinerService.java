package dev.blocksmith.cli.node;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.miner.CpuMiner;
import dev.blocksmith.miner.HashRate;
import dev.blocksmith.miner.Solution;
import dev.blocksmith.miner.template.BlockTemplate;
import dev.blocksmith.miner.template.BlockTemplateBuilder;
import dev.blocksmith.miner.template.TemplateJob;
import dev.blocksmith.miner.template.WorkTemplate;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-node miner ({@code -mine -mineaddress=ADDR}, like btcd's {@code --generate}): mines
 * continuously on the tip, switching to a fresh template at once when the tip changes and every
 * 30 seconds (new mempool transactions, newer time).
 */
final class MinerService implements NodeService, ChainListener {
    private static final Logger LOG = LoggerFactory.getLogger(MinerService.class);
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final ChainManager chain;
    private final BlockTemplateBuilder templates;
    private final Script payTo;
    private final int threads;
    private final ScheduledExecutorService executor;
    private volatile TemplateJob current;
    private volatile HashRate lastRate;
    private CpuMiner miner;

    MinerService(NodeContext ctx, BlockTemplateBuilder templates) {
        this.chain = ctx.chain();
        this.templates = templates;
        this.payTo = ctx.config().mining().payTo().orElseThrow();
        this.threads = ctx.config().mining().threads();
        this.lastRate = HashRate.idle(threads);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "miner-control");
            t.setDaemon(true);
            return t;
        });
    }

    HashRate hashRate() {
        return lastRate;
    }

    @Override
    public void start() {
        miner = CpuMiner.builder().threads(threads).onSolution(this::onSolution).onHashRate(r -> lastRate = r)
                .clockSeconds(chain::now).build();
        miner.start();
        chain.addListener(this);
        executor.execute(this::refresh);
        executor.scheduleWithFixedDelay(this::refresh, REFRESH.toSeconds(), REFRESH.toSeconds(), TimeUnit.SECONDS);
        executor.scheduleWithFixedDelay(() -> LOG.info("Miner: {} on {} threads", lastRate.formatted(), threads), 60, 60, TimeUnit.SECONDS);
        LOG.info("Mining on {} threads", threads);
    }

    @Override
    public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
        // Runs on the chain writer thread: hand the new work over and return at once.
        executor.execute(this::refresh);
    }

    private void refresh() {
        try {
            BlockTemplate t = templates.build();
            TemplateJob job = TemplateJob.of(WorkTemplate.from(t), payTo, TemplateJob.chainBits(chain, t.previousBlockHash()));
            current = job;
            miner.submit(job.job());
        } catch (RuntimeException e) {
            LOG.error("Miner: could not build a block template: {}", e.getMessage(), e);
        }
    }

    private void onSolution(Solution s) {
        TemplateJob job = current;
        if (job == null || s.job() != job.job()) return;
        Block block = job.block(s);
        executor.execute(() -> {
            try {
                chain.processBlock(block);
                LOG.info("Miner: found block {} at height {}", block.hash(), job.template().height());
            } catch (ValidationException e) {
                LOG.error("Miner: our own block {} was rejected: {}", block.hash(), e.getMessage());
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        chain.removeListener(this);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        if (miner != null) miner.close();
    }
}
