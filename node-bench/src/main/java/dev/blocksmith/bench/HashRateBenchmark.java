package dev.blocksmith.bench;

import dev.blocksmith.miner.sha.Sha256dKernel;
import dev.blocksmith.miner.sha.Sha256dKernels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Block-header hash rate: one operation is one nonce (a double SHA-256 of an 80-byte header), so the
 * scores are hashes per second. With {@code @Threads(2)} JMH reports the sum over both threads.
 *
 * <ul>
 *   <li>{@code naive}: one reused {@link MessageDigest} per thread, {@code digest(header)} then
 *       {@code digest(firstHash)}: three compressions per nonce.
 *   <li>{@code engine}: {@link Sha256dKernels#best()} with its midstate, two compressions per nonce
 *       (the JDK-intrinsic kernel when the fork has {@code --add-opens}, as configured here).
 *   <li>{@code portable}: the pure-Java fallback kernel, for reference.
 * </ul>
 *
 * <p>Run with {@code node-bench/run-hashrate.sh}, which prints per-thread figures and ratios.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/sun.security.provider=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class HashRateBenchmark {
    /** Nonces per benchmark invocation; large enough to hide the call overhead. */
    static final int BATCH = 4096;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final AtomicLong SEEDS = new AtomicLong(1);

    private final byte[] header = new byte[80];
    private MessageDigest digest;
    private Sha256dKernel engine;
    private Sha256dKernel portable;
    private int nonce;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        // Each benchmark thread gets its own header, as mining threads would.
        new SplittableRandom(SEEDS.getAndIncrement()).nextBytes(header);
        digest = MessageDigest.getInstance("SHA-256");
        engine = Sha256dKernels.best();
        if (!engine.name().equals("jdk-intrinsic")) {
            throw new IllegalStateException("engine fell back to the " + engine.name() + " kernel; the fork needs "
                    + "--add-opens java.base/sun.security.provider=ALL-UNNAMED");
        }
        engine.load(header);
        portable = Sha256dKernels.portable();
        portable.load(header);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public int naive_1thread() {
        return naive();
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int naive_2threads() {
        return naive();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public long engine_1thread() {
        return engine();
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public long engine_2threads() {
        return engine();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public long portable_1thread() {
        long r = portable.scan(nonce, BATCH, 0);
        nonce += BATCH;
        return r;
    }

    private int naive() {
        int acc = 0;
        for (int i = 0; i < BATCH; i++) {
            INT_LE.set(header, 76, nonce++);
            byte[] first = digest.digest(header);
            byte[] second = digest.digest(first);
            acc += second[31];
        }
        return acc;
    }

    private long engine() {
        // Limit 0: only a hash with 32 leading zero bits stops the scan early (one in 2^32 nonces), so
        // every nonce pays for both compressions as in real mining.
        long r = engine.scan(nonce, BATCH, 0);
        nonce += BATCH;
        return r;
    }
}
