package dev.blocksmith.miner;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.miner.template.BlockTemplate;
import dev.blocksmith.miner.template.BlockTemplateBuilder;
import dev.blocksmith.miner.template.TemplateJob;
import dev.blocksmith.miner.template.WorkTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mines a given number of blocks on the node's own tip, one after another, with every core (the
 * engine behind {@code generatetoaddress}, {@code generatetodescriptor} and {@code generateblock}).
 */
public final class BlockGenerator {
    private final ChainManager chain;
    private final BlockTemplateBuilder templates;
    private final int threads;

    public BlockGenerator(ChainManager chain, BlockTemplateBuilder templates, int threads) {
        this.chain = chain;
        this.templates = templates;
        this.threads = threads;
    }

    /**
     * Mines up to {@code count} blocks paying {@code payTo}. Stops early (returning what it found) when
     * {@code maxTries} hashes in all did not find the next block, as bitcoind's maxtries.
     *
     * @throws ValidationException if the node rejects a block it mined (a bug, reported as is)
     */
    public List<Sha256Hash> generate(Script payTo, int count, long maxTries) throws ValidationException, InterruptedException {
        List<Sha256Hash> hashes = new ArrayList<>(count);
        AtomicReference<CompletableFuture<Solution>> pending = new AtomicReference<>();
        try (CpuMiner miner = CpuMiner.builder().threads(threads).onSolution(s -> {
            CompletableFuture<Solution> f = pending.get();
            if (f != null) f.complete(s);
        }).clockSeconds(chain::now).build()) {
            miner.start();
            long hashesBefore = miner.totalHashes();
            for (int i = 0; i < count; i++) {
                BlockTemplate t = templates.build();
                TemplateJob job = TemplateJob.of(WorkTemplate.from(t), payTo, TemplateJob.chainBits(chain, t.previousBlockHash()));
                CompletableFuture<Solution> found = new CompletableFuture<>();
                pending.set(found);
                miner.submit(job.job());
                Solution solution = null;
                while (solution == null) {
                    try {
                        Solution s = found.get(50, TimeUnit.MILLISECONDS);
                        if (s.job() == job.job()) solution = s;
                        else found = resetPending(pending);
                    } catch (TimeoutException e) {
                        if (miner.totalHashes() - hashesBefore >= maxTries) {
                            miner.clear();
                            return hashes;
                        }
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("miner failed", e.getCause());
                    }
                }
                miner.clear();
                Block block = job.block(solution);
                chain.processBlock(block);
                hashes.add(block.hash());
            }
        }
        return hashes;
    }

    private static CompletableFuture<Solution> resetPending(AtomicReference<CompletableFuture<Solution>> pending) {
        CompletableFuture<Solution> f = new CompletableFuture<>();
        pending.set(f);
        return f;
    }
}
