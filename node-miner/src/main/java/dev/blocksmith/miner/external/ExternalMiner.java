package dev.blocksmith.miner.external;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.miner.CpuMiner;
import dev.blocksmith.miner.HashRate;
import dev.blocksmith.miner.MiningJob;
import dev.blocksmith.miner.Solution;
import dev.blocksmith.miner.sha.Sha256dKernel;
import dev.blocksmith.miner.sha.Sha256dKernels;
import dev.blocksmith.miner.template.TemplateJob;
import dev.blocksmith.miner.template.WorkTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Solo miner for a node reached through {@link MiningRpc}: fetches a template, builds its own coinbase
 * paying {@code payTo}, hashes with {@link CpuMiner}, submits solved blocks and follows the node's
 * tip with getblocktemplate long polling.
 *
 * <p>Threads: {@link #run} submits blocks on the caller's thread; a long-poll thread waits for
 * template changes and replaces the miner's job as soon as one arrives. A solution is submitted only
 * if it still builds on the newest template's parent, so after the node reports a new tip no block on
 * the old one is sent (the miner itself drops solutions of replaced jobs, see {@link CpuMiner}).
 */
public final class ExternalMiner implements AutoCloseable {
    /** Pause before retrying a failed RPC call. */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    /** Refresh period when the node offers no longpollid. */
    private static final Duration POLL_PERIOD = Duration.ofSeconds(5);
    private static final int RECENT_JOBS = 8;
    /** {@link FoundBlock#result()} of a solution not sent because the node's tip had moved on. */
    public static final String STALE = "stale";

    private final MiningRpc rpc;
    private final Script payTo;
    private final Listener listener;
    private final CpuMiner miner;
    private final BlockingQueue<Solution> solutions = new LinkedBlockingQueue<>();
    private final Object installLock = new Object();
    private volatile TemplateJob current;
    /**
     * Jobs recently given to the miner, newest last: a solution may belong to a job that a template with
     * the same parent (new mempool contents) has just replaced, and is still worth submitting.
     */
    private final Map<MiningJob, TemplateJob> recentJobs = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<MiningJob, TemplateJob> eldest) {
                    return size() > RECENT_JOBS;
                }
            });
    /** Each job's extranonces start 2^32 above the previous job's, so no two jobs search the same headers. */
    private long nextExtraNonceStart;
    private volatile Optional<String> longPollId = Optional.empty();
    private volatile boolean closed;
    /** Node time minus local time, from the latest template's curtime: header times follow the node's clock. */
    private volatile long clockOffsetSeconds;
    private volatile Thread longPoller;

    /** Events for the user interface. Called from the mining, long-poll and {@link #run} threads. */
    public interface Listener {
        void onTemplate(WorkTemplate template);

        void onHashRate(HashRate rate);

        void onBlock(FoundBlock block);

        void onError(String context, Exception e);
    }

    /**
     * A solved block and what the node said.
     *
     * @param result empty when accepted; otherwise the node's reason, or {@code "stale"} when it was not
     *     sent because the tip had moved on
     */
    public record FoundBlock(int height, Sha256Hash hash, Optional<String> result) {
        public boolean accepted() {
            return result.isEmpty();
        }
    }

    /**
     * @param threads mining threads
     * @param hashRateInterval period of {@link Listener#onHashRate}
     */
    public ExternalMiner(MiningRpc rpc, Script payTo, int threads, Duration hashRateInterval, Listener listener) {
        this(rpc, payTo, threads, hashRateInterval, listener, Sha256dKernels.bestFactory());
    }

    ExternalMiner(MiningRpc rpc, Script payTo, int threads, Duration hashRateInterval, Listener listener,
                  Supplier<Sha256dKernel> kernels) {
        this.rpc = Objects.requireNonNull(rpc, "rpc");
        this.payTo = Objects.requireNonNull(payTo, "payTo");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.miner = CpuMiner.builder().threads(threads).kernels(kernels).sampleInterval(hashRateInterval)
                .clockSeconds(() -> localSeconds() + clockOffsetSeconds)
                .onSolution(solutions::add).onHashRate(listener::onHashRate).build();
    }

    /**
     * Mines until {@code maxBlocks} blocks were accepted (0: until {@link #close}) or the thread is
     * interrupted. Call once; {@link #close} afterwards stops the mining threads.
     *
     * @return the number of accepted blocks
     */
    public int run(int maxBlocks) throws InterruptedException {
        if (maxBlocks < 0) throw new IllegalArgumentException("maxBlocks must be >= 0");
        miner.start();
        refresh();
        longPoller = new Thread(this::longPoll, "miner-longpoll");
        longPoller.setDaemon(true);
        longPoller.start();
        int accepted = 0;
        while (!closed && (maxBlocks == 0 || accepted < maxBlocks)) {
            Solution s = solutions.poll(200, TimeUnit.MILLISECONDS);
            if (s == null) continue;
            FoundBlock found = submit(s);
            if (found.accepted()) {
                accepted++;
            } else if (!found.result().equals(Optional.of(STALE))) {
                // A refused block would be followed by another at once on an easy chain; do not flood the node.
                Thread.sleep(RETRY_DELAY);
            }
            // The job is spent once solved; start on the next block without waiting for the long poll.
            refresh();
        }
        return accepted;
    }

    /** Stops mining and the long-poll thread (which may still be blocked inside the RPC call). */
    @Override
    public void close() {
        closed = true;
        miner.close();
        if (longPoller != null) longPoller.interrupt();
    }

    /** The miner's most recent hash-rate sample. */
    public HashRate hashRate() {
        return miner.hashRate();
    }

    private FoundBlock submit(Solution s) {
        TemplateJob latest = current;
        TemplateJob solved = recentJobs.get(s.job());
        int height = solved == null ? -1 : solved.template().height();
        if (solved == null || latest == null || !s.header().prevHash().equals(latest.template().previousBlockHash())) {
            // Built on a parent that is no longer the node's tip: sending it would only make a stale block.
            FoundBlock stale = new FoundBlock(height, s.hash(), Optional.of(STALE));
            listener.onBlock(stale);
            return stale;
        }
        Block block = solved.block(s);
        try {
            FoundBlock found = new FoundBlock(height, block.hash(), rpc.submitBlock(block.toHex()));
            listener.onBlock(found);
            return found;
        } catch (IOException e) {
            listener.onError("submitblock " + block.hash(), e);
            return new FoundBlock(height, block.hash(), Optional.of("submitblock failed: " + e.getMessage()));
        }
    }

    private void refresh() throws InterruptedException {
        while (!closed) {
            try {
                // Fetched and installed under the install lock (see longPoll).
                synchronized (installLock) {
                    install(rpc.getBlockTemplate(Optional.empty()));
                }
                return;
            } catch (IOException | RuntimeException e) {
                listener.onError("getblocktemplate", e);
                Thread.sleep(RETRY_DELAY);
            }
        }
    }

    private void longPoll() {
        while (!closed) {
            try {
                Optional<String> id = longPollId;
                if (id.isEmpty()) {
                    Thread.sleep(POLL_PERIOD);
                }
                RpcTemplate changed = rpc.getBlockTemplate(id);
                // The answer only says that something changed: the template installed is fetched again under the
                // install lock, as the run loop fetches its own, so installs follow the node's order and the miner
                // never goes back to an older tip whose answer was merely installed late.
                synchronized (installLock) {
                    install(id.isEmpty() ? changed : rpc.getBlockTemplate(Optional.empty()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) return;
                listener.onError("getblocktemplate (long poll)", e);
                try {
                    Thread.sleep(RETRY_DELAY);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void install(RpcTemplate t) {
        synchronized (installLock) {
            if (closed) return;
            TemplateJob old = current;
            longPollId = t.longPollId();
            clockOffsetSeconds = t.work().curTime() - localSeconds();
            if (old != null && sameWork(old.template(), t.work()) && miner.currentJob().isPresent()) {
                return;
            }
            TemplateJob tj = TemplateJob.of(t.work(), payTo).withExtraNonceStart(nextExtraNonceStart);
            nextExtraNonceStart += 1L << 32;
            recentJobs.put(tj.job(), tj);
            current = tj;
            miner.submit(tj.job());
            listener.onTemplate(t.work());
        }
    }

    private static long localSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    /** Same block contents: restarting the search for a mere curtime change would waste work. */
    private static boolean sameWork(WorkTemplate a, WorkTemplate b) {
        return a.previousBlockHash().equals(b.previousBlockHash()) && a.height() == b.height()
                && a.bits() == b.bits() && a.version() == b.version() && a.coinbaseValue() == b.coinbaseValue()
                && a.transactions().equals(b.transactions())
                && a.witnessCommitmentScript().equals(b.witnessCommitmentScript());
    }

    /** A listener printing one line per event, with the hash rate refreshed in place on a terminal. */
    public static Listener printingTo(PrintStream out) {
        return new Listener() {
            @Override
            public void onTemplate(WorkTemplate t) {
                out.printf(Locale.ROOT, "%nMining block %d on %s (%d transactions, %s BTC)%n", t.height(),
                        t.previousBlockHash(), t.transactions().size(), btc(t.coinbaseValue()));
            }

            @Override
            public void onHashRate(HashRate r) {
                out.printf(Locale.ROOT, "\rhash rate %s on %d threads, %d hashes    ", r.formatted(), r.threads(),
                        r.totalHashes());
                out.flush();
            }

            @Override
            public void onBlock(FoundBlock b) {
                out.printf(Locale.ROOT, "%nFound block %d %s: %s%n", b.height(), b.hash(),
                        b.accepted() ? "accepted" : "rejected (" + b.result().get() + ")");
            }

            @Override
            public void onError(String context, Exception e) {
                out.printf(Locale.ROOT, "%n%s failed: %s%n", context, e.getMessage());
            }
        };
    }

    private static String btc(long sats) {
        return String.format(Locale.ROOT, "%d.%08d", sats / 100_000_000, sats % 100_000_000);
    }
}
