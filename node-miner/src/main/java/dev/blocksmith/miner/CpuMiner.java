package dev.blocksmith.miner;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.miner.sha.Sha256dKernel;
import dev.blocksmith.miner.sha.Sha256dKernels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multithreaded CPU miner working on one {@link MiningJob} at a time.
 *
 * <p>Work split: a job's search space is a sequence of units; unit {@code u} is nonce range
 * {@code u mod 64} (2^26 nonces) of extranonce {@code u / 64}. Threads claim units from a shared
 * counter, so they scan disjoint nonce ranges of the same header and move on to the next extranonce
 * (with a fresh timestamp) once the 32-bit nonce space of the current one is exhausted.
 *
 * <p>Stale work: {@link #submit} and {@link #clear} bump a generation counter under the miner's lock.
 * Threads compare it every {@value #CHECK_INTERVAL} nonces (a few milliseconds), so they leave an
 * outdated job well within 100 ms, and a solution is delivered only while holding the same lock after
 * re-checking the generation: once {@code submit} has returned, no solution for an earlier job can be
 * delivered any more. Each job yields at most one solution; the miner then idles until the next
 * {@code submit} (a second block on the same parent would only compete with the first).
 *
 * <p>The solution callback runs on a mining thread while that lock is held; it may call
 * {@link #submit} itself, but must not wait for another thread that calls {@code submit}.
 */
public final class CpuMiner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CpuMiner.class);

    /** Nonces hashed between generation checks: about 3 ms at 11 MH/s, 20 ms with the portable kernel. */
    static final int CHECK_INTERVAL = 1 << 15;
    /** log2 of the nonce ranges per extranonce. */
    static final int RANGE_BITS = 6;
    private static final long RANGE_SIZE = 1L << (32 - RANGE_BITS);

    private final int threadCount;
    private final Supplier<Sha256dKernel> kernels;
    private final Consumer<Solution> onSolution;
    private final Consumer<HashRate> onHashRate;
    private final Duration sampleInterval;
    private final LongSupplier clockSeconds;

    private final Object lock = new Object();
    private final LongAdder hashes = new LongAdder();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long generation;
    private volatile Work current;
    private volatile boolean closed;
    private volatile HashRate lastRate;
    private Thread sampler;

    private CpuMiner(Builder b) {
        this.threadCount = b.threads;
        this.kernels = b.kernels;
        this.onSolution = b.onSolution;
        this.onHashRate = b.onHashRate;
        this.sampleInterval = b.sampleInterval;
        this.clockSeconds = b.clockSeconds;
        this.lastRate = HashRate.idle(threadCount);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the mining threads and the hash-rate sampler; they idle until {@link #submit}. */
    public void start() {
        synchronized (lock) {
            if (closed) throw new IllegalStateException("miner closed");
            if (!threads.isEmpty()) throw new IllegalStateException("miner already started");
            for (int i = 0; i < threadCount; i++) {
                Thread t = new Thread(this::mine, "miner-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
            sampler = new Thread(this::sample, "miner-hashrate");
            sampler.setDaemon(true);
        }
        Sha256dKernels.performanceWarning()
                .ifPresent(w -> LOG.warn("Mining will be slow: {}", w));
        threads.forEach(Thread::start);
        sampler.start();
    }

    /** Replaces the current job; work on the previous one stops and its solutions are dropped. */
    public void submit(MiningJob job) {
        Objects.requireNonNull(job, "job");
        synchronized (lock) {
            long g = generation + 1;
            generation = g;
            current = new Work(job, g);
            lock.notifyAll();
        }
    }

    /** Drops the current job (for example when the node loses its tip); the threads idle. */
    public void clear() {
        synchronized (lock) {
            generation = generation + 1;
            current = null;
        }
    }

    /** The job being worked on, if any. */
    public Optional<MiningJob> currentJob() {
        Work w = current;
        return w == null ? Optional.empty() : Optional.of(w.job);
    }

    /** The most recent hash-rate sample. */
    public HashRate hashRate() {
        return lastRate;
    }

    /** Hashes completed since start. */
    public long totalHashes() {
        return hashes.sum();
    }

    public int threads() {
        return threadCount;
    }

    /** Stops all threads and waits for them. */
    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            generation = generation + 1;
            current = null;
            lock.notifyAll();
            toJoin = new ArrayList<>(threads);
            if (sampler != null) toJoin.add(sampler);
        }
        for (Thread t : toJoin) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void mine() {
        Sha256dKernel kernel;
        try {
            kernel = kernels.get();
        } catch (RuntimeException e) {
            LOG.error("Cannot create a hashing kernel; mining thread {} exits", Thread.currentThread().getName(), e);
            return;
        }
        byte[] hash = new byte[32];
        Work w;
        while ((w = awaitWork()) != null) {
            try {
                mineRange(kernel, w, hash);
            } catch (RuntimeException e) {
                LOG.error("Mining job {} failed; dropping it", w.job.id(), e);
                synchronized (lock) {
                    if (generation == w.generation) {
                        generation = generation + 1;
                        current = null;
                    }
                }
            }
        }
    }

    private Work awaitWork() {
        synchronized (lock) {
            while (!closed && current == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    if (closed) return null;
                }
            }
            return closed ? null : current;
        }
    }

    /** Claims the next nonce range of the job and scans it until done, solved or outdated. */
    private void mineRange(Sha256dKernel kernel, Work w, byte[] hash) {
        long unit = w.nextUnit.getAndIncrement();
        long extraNonce = unit >>> RANGE_BITS;
        long time = Math.max(w.job.minTime(), clockSeconds.getAsLong());
        BlockHeader header = w.job.headers().header(extraNonce, time);
        Target target = Target.fromCompact(header.bits());
        kernel.load(header.serialize());
        int topLimit = target.topWord();
        long nonce = (unit & ((1 << RANGE_BITS) - 1)) * RANGE_SIZE;
        long end = nonce + RANGE_SIZE;
        while (nonce < end && generation == w.generation) {
            int batch = (int) Math.min(CHECK_INTERVAL, end - nonce);
            long found = kernel.scan((int) nonce, batch, topLimit);
            long done = found < 0 ? batch : found - nonce + 1;
            hashes.add(done);
            nonce += done;
            if (found >= 0) {
                kernel.hash((int) found, hash);
                if (target.isMetBy(hash)) {
                    deliver(w, extraNonce, header.withNonce(found), hash);
                }
            }
        }
    }

    private void deliver(Work w, long extraNonce, BlockHeader header, byte[] hash) {
        Sha256Hash headerHash = header.hash();
        if (!Arrays.equals(headerHash.bytes(), hash)) {
            // A kernel bug must never turn into an invalid block.
            throw new IllegalStateException("kernel hash " + Sha256Hash.wrap(hash) + " differs from " + headerHash);
        }
        synchronized (lock) {
            if (generation != w.generation) {
                LOG.debug("Dropping solution {} for replaced job {}", headerHash, w.job.id());
                return;
            }
            generation = generation + 1;
            current = null;
            try {
                onSolution.accept(new Solution(w.job, extraNonce, header, headerHash));
            } catch (RuntimeException e) {
                LOG.error("Solution handler failed for block {}", headerHash, e);
            }
        }
    }

    private void sample() {
        long lastTotal = hashes.sum();
        long lastNanos = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(sampleInterval);
            } catch (InterruptedException e) {
                if (closed) return;
            }
            long total = hashes.sum();
            long now = System.nanoTime();
            double seconds = (now - lastNanos) / 1e9;
            HashRate rate = new HashRate(seconds > 0 ? (total - lastTotal) / seconds : 0, total, threadCount);
            lastTotal = total;
            lastNanos = now;
            lastRate = rate;
            try {
                onHashRate.accept(rate);
            } catch (RuntimeException e) {
                LOG.warn("Hash-rate listener failed", e);
            }
        }
    }

    /** A job as the threads see it: the generation it was submitted under and its unit counter. */
    private static final class Work {
        final MiningJob job;
        final long generation;
        final AtomicLong nextUnit = new AtomicLong();

        Work(MiningJob job, long generation) {
            this.job = job;
            this.generation = generation;
        }
    }

    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private Supplier<Sha256dKernel> kernels = Sha256dKernels.bestFactory();
        private Consumer<Solution> onSolution = s -> { };
        private Consumer<HashRate> onHashRate = r -> { };
        private Duration sampleInterval = Duration.ofSeconds(1);
        private LongSupplier clockSeconds = () -> System.currentTimeMillis() / 1000;

        private Builder() {
        }

        /** Mining threads; defaults to all available processors. */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
            this.threads = threads;
            return this;
        }

        /** Kernel factory, called once per thread; defaults to {@link Sha256dKernels#best()}. */
        public Builder kernels(Supplier<Sha256dKernel> kernels) {
            this.kernels = Objects.requireNonNull(kernels);
            return this;
        }

        public Builder onSolution(Consumer<Solution> onSolution) {
            this.onSolution = Objects.requireNonNull(onSolution);
            return this;
        }

        /** Called on the sampler thread every {@link #sampleInterval}. */
        public Builder onHashRate(Consumer<HashRate> onHashRate) {
            this.onHashRate = Objects.requireNonNull(onHashRate);
            return this;
        }

        public Builder sampleInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be > 0");
            this.sampleInterval = interval;
            return this;
        }

        /** Source of the current time in seconds, for header timestamps. */
        public Builder clockSeconds(LongSupplier clockSeconds) {
            this.clockSeconds = Objects.requireNonNull(clockSeconds);
            return this;
        }

        public CpuMiner build() {
            return new CpuMiner(this);
        }
    }
}
