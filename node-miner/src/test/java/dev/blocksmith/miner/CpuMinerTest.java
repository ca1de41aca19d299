package dev.blocksmith.miner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.miner.FakeTips.TipAwareKernel;
import dev.blocksmith.miner.sha.Sha256dKernel;
import dev.blocksmith.miner.sha.Sha256dKernels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class CpuMinerTest {
    private static final long REGTEST_BITS = 0x207fffffL;
    /** Target 0xffff * 2^224: one hash in 65 537 qualifies, a few milliseconds of work. */
    private static final long EASY_BITS = 0x1f00ffffL;
    private static final int TIPS = 40;

    @Test
    void minesValidBlocksAndIdlesAfterEachSolution() throws Exception {
        BlockingQueue<Solution> solutions = new LinkedBlockingQueue<>();
        try (CpuMiner miner = CpuMiner.builder().threads(2).onSolution(solutions::add).build()) {
            miner.start();
            for (long bits : new long[] {REGTEST_BITS, EASY_BITS}) {
                MiningJob job = FakeTips.job(1, bits);
                miner.submit(job);
                Solution s = solutions.poll(30, TimeUnit.SECONDS);
                assertThat(s).isNotNull();
                assertThat(s.job()).isSameAs(job);
                assertThat(s.header().prevHash()).isEqualTo(FakeTips.tip(1));
                assertThat(s.header().bits()).isEqualTo(bits);
                assertThat(s.header().time()).isGreaterThanOrEqualTo(FakeTips.MIN_TIME);
                assertThat(s.hash()).isEqualTo(s.header().hash());
                assertThat(Difficulty.checkProofOfWork(s.hash(), bits, Networks.REGTEST.powLimit())).isTrue();
                assertThat(s.header().merkleRoot())
                        .isEqualTo(FakeTips.header(FakeTips.tip(1), s.extraNonce(), s.header().time(), bits).merkleRoot());
                assertThat(miner.currentJob()).isEmpty();
            }
            assertThat(solutions.poll(100, TimeUnit.MILLISECONDS)).as("one solution per job").isNull();
            assertThat(miner.totalHashes()).isPositive();
        }
    }

    @Test
    void threadsSplitTheNonceSpaceAndRollExtranonceAndTime() throws Exception {
        // A kernel that never finds anything and only records what it was asked to scan, so the
        // 2^32 nonce space of an extranonce is exhausted in moments.
        Map<Long, ConcurrentLinkedQueue<long[]>> ranges = new ConcurrentHashMap<>();
        Map<Long, Long> timeOfExtraNonce = new ConcurrentHashMap<>();
        Map<Long, AtomicLong> scanned = new ConcurrentHashMap<>();
        CountDownLatch rolledThrice = new CountDownLatch(1);
        AtomicLong clock = new AtomicLong(FakeTips.MIN_TIME - 5);
        class RecordingKernel implements Sha256dKernel {
            long extraNonce;

            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void load(byte[] header80) {
                extraNonce = FakeTips.extraNonceOf(header80);
                long time = (header80[68] & 0xffL) | (header80[69] & 0xffL) << 8 | (header80[70] & 0xffL) << 16
                        | (header80[71] & 0xffL) << 24;
                timeOfExtraNonce.merge(extraNonce, time, Math::max);
                if (extraNonce >= 3) rolledThrice.countDown();
            }

            @Override
            public long scan(int firstNonce, int count, int topWordLimit) {
                ranges.computeIfAbsent(extraNonce, k -> new ConcurrentLinkedQueue<>())
                        .add(new long[] {Integer.toUnsignedLong(firstNonce), count});
                scanned.computeIfAbsent(extraNonce, k -> new AtomicLong()).addAndGet(count);
                return -1;
            }

            @Override
            public void hash(int nonce, byte[] out32) {
                throw new AssertionError("no candidate was reported");
            }
        }
        try (CpuMiner miner = CpuMiner.builder().threads(2).kernels(RecordingKernel::new)
                .clockSeconds(clock::getAndIncrement).build()) {
            miner.start();
            miner.submit(FakeTips.job(1, EASY_BITS));
            assertThat(rolledThrice.await(60, TimeUnit.SECONDS)).isTrue();
            // A descheduled thread may still be inside an early range while the other races ahead.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (scannedCount(scanned, 0) < 1L << 32 || scannedCount(scanned, 1) < 1L << 32) {
                assertThat(System.nanoTime()).as("extranonces 0 and 1 fully scanned").isLessThan(deadline);
                Thread.sleep(5);
            }
            miner.clear();
        }
        for (long extraNonce = 0; extraNonce < 2; extraNonce++) {
            List<long[]> list = new ArrayList<>(ranges.get(extraNonce));
            list.sort((a, b) -> Long.compare(a[0], b[0]));
            long next = 0;
            for (long[] r : list) {
                assertThat(r[0]).as("ranges of extranonce %d are contiguous and disjoint", extraNonce).isEqualTo(next);
                next = r[0] + r[1];
            }
            assertThat(next).isEqualTo(1L << 32);
        }
        assertThat(timeOfExtraNonce.values()).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(FakeTips.MIN_TIME));
        assertThat(timeOfExtraNonce.get(2L)).as("time rolls forward").isGreaterThan(timeOfExtraNonce.get(0L));
    }

    private static long scannedCount(Map<Long, AtomicLong> scanned, long extraNonce) {
        AtomicLong n = scanned.get(extraNonce);
        return n == null ? 0 : n.get();
    }

    @Test
    void solutionFoundJustBeforeATipChangeIsNeverDelivered() throws Exception {
        CountDownLatch oldTipCandidate = new CountDownLatch(1);
        CountDownLatch tipChanged = new CountDownLatch(1);
        BlockingQueue<Solution> solutions = new LinkedBlockingQueue<>();
        class StallingKernel extends TipAwareKernel {
            StallingKernel() {
                super(Sha256dKernels.best(), 3);
            }

            @Override
            public void hash(int nonce, byte[] out32) {
                super.hash(nonce, out32);
                if (loadedTip == 1) {
                    // Hold the winning nonce of the old tip until the new tip has been submitted.
                    oldTipCandidate.countDown();
                    try {
                        tipChanged.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        try (CpuMiner miner = CpuMiner.builder().threads(2).kernels(StallingKernel::new)
                .onSolution(solutions::add).build()) {
            miner.start();
            miner.submit(FakeTips.job(1, REGTEST_BITS));
            assertThat(oldTipCandidate.await(30, TimeUnit.SECONDS)).isTrue();
            miner.submit(FakeTips.job(2, REGTEST_BITS));
            tipChanged.countDown();
            Solution s = solutions.poll(30, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            assertThat(s.job().id()).isEqualTo("tip-2");
            assertThat(solutions.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void afterATipChangeOldWorkStopsPromptlyAndNoOldSolutionIsDelivered() throws Exception {
        int tips = TIPS;
        long[] switchedAt = new long[tips + 1];
        Map<Integer, Long> lastScanEnd = new ConcurrentHashMap<>();
        Map<Integer, Long> deliveredAt = new ConcurrentHashMap<>();
        class TimingKernel extends TipAwareKernel {
            TimingKernel() {
                super(Sha256dKernels.best(), TIPS + 1);
            }

            @Override
            public long scan(int firstNonce, int count, int topWordLimit) {
                long r = super.scan(firstNonce, count, topWordLimit);
                lastScanEnd.merge(loadedTip, System.nanoTime(), Math::max);
                return r;
            }
        }
        try (CpuMiner miner = CpuMiner.builder().threads(2).kernels(TimingKernel::new)
                .onSolution(s -> deliveredAt.merge(Integer.parseInt(s.job().id().substring(4)), System.nanoTime(), Math::max))
                .build()) {
            miner.start();
            // Warm up so the JIT has compiled the scan loop before timing matters.
            miner.submit(FakeTips.job(tips, 0x1d00ffffL));
            Thread.sleep(1500);
            for (int tip = 0; tip < tips; tip++) {
                miner.submit(FakeTips.job(tip, EASY_BITS));
                switchedAt[tip] = System.nanoTime();
                Thread.sleep(5 + (tip * 7) % 20);
            }
            miner.clear();
            switchedAt[tips] = System.nanoTime();
            Thread.sleep(300);
        }
        // The miner checks for a new job between scans of a few milliseconds (well within 100 ms on an idle
        // machine); the bound leaves room for a loaded 2-core CI machine descheduling the threads.
        long limit = Duration.ofMillis(500).toNanos();
        assertThat(deliveredAt).as("some tips were solved").isNotEmpty();
        for (int tip = 0; tip < tips; tip++) {
            long next = switchedAt[tip + 1];
            Long delivered = deliveredAt.get(tip);
            if (delivered != null) {
                assertThat(delivered).as("solution for tip %d delivered before the switch returned", tip).isLessThan(next);
            }
            Long scanned = lastScanEnd.get(tip);
            if (scanned != null) {
                assertThat(scanned - next).as("tip %d work ended %d ms after the switch", tip, (scanned - next) / 1_000_000)
                        .isLessThanOrEqualTo(limit);
            }
        }
    }

    @Test
    void reportsHashRate() throws Exception {
        BlockingQueue<HashRate> rates = new LinkedBlockingQueue<>();
        try (CpuMiner miner = CpuMiner.builder().threads(1).sampleInterval(Duration.ofMillis(200))
                .onHashRate(rates::add).build()) {
            miner.start();
            miner.submit(FakeTips.job(1, 0x1d00ffffL));
            HashRate first = rates.poll(10, TimeUnit.SECONDS);
            HashRate second = rates.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(second.hashesPerSecond()).isPositive();
            assertThat(second.totalHashes()).isGreaterThan(first.totalHashes());
            assertThat(second.threads()).isEqualTo(1);
            assertThat(miner.hashRate().totalHashes()).isGreaterThanOrEqualTo(second.totalHashes());
            assertThat(second.formatted()).matches("[0-9.]+ [kMG]?H/s");
        }
    }
}
