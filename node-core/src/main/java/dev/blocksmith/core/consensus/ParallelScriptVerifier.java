package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a block's input scripts on a pool of worker threads (Core's CCheckQueue). Inputs are split
 * into contiguous batches; all batches are joined before returning, so a failure never leaves work
 * running against a block the caller is discarding. Signature checks hit the cache filled by the
 * mempool but never add to it (Core does not store block-validation results).
 */
public final class ParallelScriptVerifier implements BlockScriptVerifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelScriptVerifier.class);
    /** Inputs per task: large enough to amortize scheduling, small enough to balance. */
    private static final int BATCH = 64;

    private final ScriptValidation validation;
    private final ExecutorService pool;
    private final int threads;

    /** A verifier with one worker per available core that consults (but never fills) {@code cache}. */
    public ParallelScriptVerifier(SignatureCache cache) {
        this(new ScriptValidation(cache));
    }

    /** A verifier with one worker per available core. */
    public ParallelScriptVerifier(ScriptValidation validation) {
        this(validation, Runtime.getRuntime().availableProcessors());
    }

    public ParallelScriptVerifier(ScriptValidation validation, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be positive");
        this.validation = validation;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "script-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, tf);
    }

    /**
     * Verifies a one-input block spending a P2WSH output whose witness script is OP_TRUE on every worker, so the
     * threads are started and the interpreter's classes loaded before the first real block: on a busy machine that
     * first use otherwise delays the block that needs it by hundreds of milliseconds. Throws if it does not verify.
     */
    public void warmUp() throws ValidationException {
        dev.blocksmith.core.script.Script witnessScript = new dev.blocksmith.core.script.ScriptBuilder()
                .op(dev.blocksmith.core.script.Opcodes.OP_TRUE).build();
        TxOut prev = new TxOut(1_000, new dev.blocksmith.core.script.ScriptBuilder().op(dev.blocksmith.core.script.Opcodes.OP_0)
                .data(dev.blocksmith.core.crypto.Hashes.sha256(witnessScript.bytes())).build());
        Transaction coinbase = new Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(dev.blocksmith.core.tx.OutPoint.NULL,
                new dev.blocksmith.core.script.ScriptBuilder().number(1).build(), dev.blocksmith.core.tx.TxIn.SEQUENCE_FINAL)),
                List.of(prev), 0);
        List<Transaction> txs = new ArrayList<>();
        List<List<TxOut>> spent = new ArrayList<>();
        txs.add(coinbase);
        spent.add(List.of());
        for (int i = 0; i < threads; i++) {
            dev.blocksmith.core.tx.TxIn in = new dev.blocksmith.core.tx.TxIn(new dev.blocksmith.core.tx.OutPoint(coinbase.txid(), i),
                    dev.blocksmith.core.script.Script.EMPTY, dev.blocksmith.core.tx.TxIn.SEQUENCE_FINAL)
                    .withWitness(dev.blocksmith.core.tx.Witness.of(witnessScript.bytes()));
            txs.add(new Transaction(2, List.of(in), List.of(new TxOut(900, witnessScript)), 0));
            spent.add(List.of(prev));
        }
        Block block = new Block(new dev.blocksmith.core.block.BlockHeader(1, dev.blocksmith.core.primitives.Sha256Hash.ZERO,
                dev.blocksmith.core.primitives.Sha256Hash.ZERO, 0, 0, 0), txs);
        verify(block, spent, dev.blocksmith.core.script.ScriptFlags.MANDATORY);
    }

    public int threads() {
        return threads;
    }

    private record Check(int tx, int input) {
    }

    private record Failure(int tx, int input, ScriptError error) {
    }

    @Override
    public void verify(Block block, List<List<TxOut>> spentOutputs, int flags) throws ValidationException {
        List<Transaction> txs = block.transactions();
        if (spentOutputs.size() != txs.size()) throw new IllegalArgumentException("spent outputs do not match the block");
        PrecomputedTransactionData[] data = new PrecomputedTransactionData[txs.size()];
        List<Check> checks = new ArrayList<>();
        for (int t = 0; t < txs.size(); t++) {
            Transaction tx = txs.get(t);
            if (tx.isCoinbase()) continue;
            data[t] = new PrecomputedTransactionData(tx, spentOutputs.get(t));
            for (int i = 0; i < tx.inputs().size(); i++) checks.add(new Check(t, i));
        }
        if (checks.isEmpty()) return;

        AtomicBoolean failed = new AtomicBoolean();
        List<Future<Failure>> futures = new ArrayList<>();
        for (int from = 0; from < checks.size(); from += BATCH) {
            List<Check> batch = checks.subList(from, Math.min(checks.size(), from + BATCH));
            futures.add(pool.submit(() -> {
                for (Check c : batch) {
                    // Another batch already failed: the block is invalid, skip the remaining work.
                    if (failed.get()) return null;
                    Transaction tx = txs.get(c.tx());
                    ScriptError err = validation.verifyInput(tx, c.input(), spentOutputs.get(c.tx()), flags, data[c.tx()], false);
                    if (err != ScriptError.OK) {
                        failed.set(true);
                        return new Failure(c.tx(), c.input(), err);
                    }
                }
                return null;
            }));
        }
        Failure first = null;
        for (Future<Failure> f : futures) {
            Failure r;
            try {
                r = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during script verification", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("script verification task failed", e.getCause());
            }
            // Report the failure earliest in block order among those found, for a deterministic reason.
            if (r != null && (first == null || r.tx() < first.tx() || (r.tx() == first.tx() && r.input() < first.input()))) {
                first = r;
            }
        }
        if (first != null) {
            Transaction tx = txs.get(first.tx());
            String debug = "input " + first.input() + " of tx " + tx.txid();
            LOG.debug("block {} script failure: {} ({})", block.hash(), first.error(), debug);
            // Bitcoin Core 30 (PR 33183) reports script failures in blocks as "block-script-verify-flag-failed".
            throw new ValidationException("block-script-verify-flag-failed (" + first.error().message() + ")", debug);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
