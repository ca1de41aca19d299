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
 * Mines a given number of blocks on the node's own tip, one after another (the engine behind
 * {@code generatetoaddress}, {@code generatetodescriptor} and {@code generateblock}). One thread tries the nonces in
 * order from 0, as bitcoind's GenerateBlock does, so a template always gives the same block: several threads racing
 * would make the block depend on which thread the scheduler favoured, and tests compare the hashes of generated
 * blocks with bitcoind's. The in-node miner ({@code -gen}) is where every core works.
 */
public final class BlockGenerator {
    private final ChainManager chain;
    private final BlockTemplateBuilder templates;

    public BlockGenerator(ChainManager chain, BlockTemplateBuilder templates) {
        this.chain = chain;
        this.templates = templates;
    }

    /**
     * Mines up to {@code count} blocks paying {@code payTo}, each submitted to the chain as soon as it is
     * found. Stops early (returning what it found) when {@code maxTries} hashes in all did not find the
     * next block, as bitcoind's maxtries.
     *
     * @throws ValidationException if the node rejects a block it mined (a bug, reported as is)
     */
    public List<Sha256Hash> generate(Script payTo, int count, long maxTries) throws ValidationException, InterruptedException {
        List<Sha256Hash> hashes = new ArrayList<>(count);
        try (Session s = new Session()) {
            for (int i = 0; i < count; i++) {
                Block block = s.mine(payTo, maxTries);
                if (block == null) break;
                chain.processBlock(block);
                hashes.add(block.hash());
            }
        }
        return hashes;
    }

    /** Mines one block on the current tip without submitting it; null if {@code maxTries} hashes found none. */
    public Block mineOne(Script payTo, long maxTries) throws InterruptedException {
        try (Session s = new Session()) {
            return s.mine(payTo, maxTries);
        }
    }

    /** One CpuMiner for a run of blocks, with the hash budget shared across them. */
    private final class Session implements AutoCloseable {
        private final AtomicReference<CompletableFuture<Solution>> pending = new AtomicReference<>();
        private final CpuMiner miner;
        private final long hashesBefore;

        Session() {
            miner = CpuMiner.builder().threads(1).onSolution(s -> {
                CompletableFuture<Solution> f = pending.get();
                if (f != null) f.complete(s);
            }).clockSeconds(chain::now).build();
            miner.start();
            hashesBefore = miner.totalHashes();
        }

        Block mine(Script payTo, long maxTries) throws InterruptedException {
            BlockTemplate t = templates.build();
            TemplateJob job = TemplateJob.of(WorkTemplate.from(t), payTo, TemplateJob.chainBits(chain, t.previousBlockHash()));
            CompletableFuture<Solution> found = resetPending(pending);
            miner.submit(job.job());
            try {
                while (true) {
                    try {
                        Solution s = found.get(50, TimeUnit.MILLISECONDS);
                        if (s.job() == job.job()) return job.block(s);
                        found = resetPending(pending);
                    } catch (TimeoutException e) {
                        if (miner.totalHashes() - hashesBefore >= maxTries) return null;
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("miner failed", e.getCause());
                    }
                }
            } finally {
                miner.clear();
            }
        }

        @Override
        public void close() {
            miner.close();
        }
    }

    private static CompletableFuture<Solution> resetPending(AtomicReference<CompletableFuture<Solution>> pending) {
        CompletableFuture<Solution> f = new CompletableFuture<>();
        pending.set(f);
        return f;
    }
}
