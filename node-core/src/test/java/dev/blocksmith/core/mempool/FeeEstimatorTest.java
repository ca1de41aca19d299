package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeeEstimatorTest {
    @TempDir
    Path dir;
    private int counter;

    private Sha256Hash nextTxid() {
        return Sha256Hash.wrap(Hashes.sha256(("tx" + counter++).getBytes()));
    }

    /**
     * 100 blocks in which, every block, 10 transactions at 20 sat/vB confirm in the next block, 10 at
     * 2 sat/vB confirm 5 blocks after entering, and 10 at 1.2 sat/vB never confirm and are evicted after
     * 20 blocks.
     */
    private FeeEstimator simulate() {
        FeeEstimator est = new FeeEstimator();
        Map<Integer, List<Sha256Hash>> confirmAt = new HashMap<>();
        Map<Integer, List<Sha256Hash>> evictAt = new HashMap<>();
        for (int h = 1; h <= 100; h++) {
            est.processBlock(h, confirmAt.getOrDefault(h, List.of()));
            for (Sha256Hash txid : evictAt.getOrDefault(h, List.of())) est.removeTransaction(txid);
            for (int i = 0; i < 10; i++) {
                Sha256Hash fast = nextTxid();
                est.processTransaction(fast, FeeRate.ofSatsPerKvB(20_000), h);
                confirmAt.computeIfAbsent(h + 1, k -> new ArrayList<>()).add(fast);
                Sha256Hash slow = nextTxid();
                est.processTransaction(slow, FeeRate.ofSatsPerKvB(2_000), h);
                confirmAt.computeIfAbsent(h + 5, k -> new ArrayList<>()).add(slow);
                Sha256Hash never = nextTxid();
                est.processTransaction(never, FeeRate.ofSatsPerKvB(1_200), h);
                evictAt.computeIfAbsent(h + 20, k -> new ArrayList<>()).add(never);
            }
        }
        return est;
    }

    @Test
    void noDataNoEstimate() {
        FeeEstimator est = new FeeEstimator();
        assertThat(est.estimateSmartFee(2, true)).isEmpty();
        est.processBlock(1, List.of());
        Sha256Hash txid = nextTxid();
        est.processTransaction(txid, FeeRate.ofSatsPerKvB(5_000), 1);
        est.processBlock(2, List.of(txid));
        for (int h = 3; h < 10; h++) est.processBlock(h, List.of());
        // Some history, far too few transactions.
        assertThat(est.estimateSmartFee(2, false)).isEmpty();
    }

    @Test
    void learnsFromConfirmations() {
        FeeEstimator est = simulate();
        // Target 1 is answered for 2, as bitcoind.
        assertThat(est.estimateSmartFee(1, true)).contains(new FeeEstimator.Estimate(FeeRate.ofSatsPerKvB(20_000), 2));
        assertThat(est.estimateSmartFee(4, false).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(20_000));
        // bitcoind's smart estimate is the highest of 60% within half the target, 85% within it and 95% within twice
        // it: at target 5 only 20 sat/vB confirms within 2 blocks; from 10 on, 2 sat/vB (5 blocks) does.
        assertThat(est.estimateSmartFee(5, true).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(20_000));
        assertThat(est.estimateSmartFee(10, false).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(2_000));
        // Conservative also asks the long horizon for 95% within 20 blocks; below height 1008 bitcoind's unsigned ring
        // index wraps and counts recent 2 sat/vB transactions as long unconfirmed, so only 20 sat/vB passes there.
        assertThat(est.estimateSmartFee(10, true).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(20_000));
        // Never-confirming transactions keep the 1.2 sat/vB bucket out of every answer.
        assertThat(est.estimateSmartFee(25, false).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(2_000));
        // History from block 2 to 100: targets above 49 blocks are answered for 49.
        assertThat(est.estimateSmartFee(1_008, true).orElseThrow().blocks()).isEqualTo(49);
    }

    /** Core's feature_fee_estimation "estimatesmartfee modes": 12 blocks of high fees, then 4 of low fees. */
    @Test
    void conservativeRemembersTheLongerHorizons() {
        FeeEstimator est = new FeeEstimator();
        List<Sha256Hash> pending = new ArrayList<>();
        for (int h = 1; h <= 16; h++) {
            est.processBlock(h, pending);
            pending = new ArrayList<>();
            long rate = h <= 12 ? 500_000 : 100_000;
            for (int i = 0; i < 24; i++) {
                Sha256Hash txid = nextTxid();
                est.processTransaction(txid, FeeRate.ofSatsPerKvB(rate), h);
                pending.add(txid);
            }
        }
        est.processBlock(17, pending);
        assertThat(est.estimateSmartFee(1, true).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(500_000));
        assertThat(est.estimateSmartFee(1, false).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(100_000));
    }

    @Test
    void rawEstimatesPerHorizon() {
        FeeEstimator est = simulate();
        FeeEstimator.RawEstimate shortTerm = est.estimateRawFee(2, 0.95, FeeEstimator.Horizon.SHORT);
        assertThat(shortTerm.feeRate()).contains(FeeRate.ofSatsPerKvB(20_000));
        assertThat(shortTerm.decay()).isEqualTo(0.962);
        assertThat(shortTerm.scale()).isEqualTo(1);
        // The 20 sat/vB bucket passes; the 2 sat/vB one below it fails at 2 blocks.
        assertThat(shortTerm.pass().end()).isGreaterThanOrEqualTo(20_000);
        assertThat(shortTerm.fail().end()).isGreaterThanOrEqualTo(2_000).isLessThan(20_000);
        assertThat(est.highestTargetTracked(FeeEstimator.Horizon.SHORT)).isEqualTo(12);
        assertThat(est.highestTargetTracked(FeeEstimator.Horizon.MEDIUM)).isEqualTo(48);
        assertThat(est.highestTargetTracked(FeeEstimator.Horizon.LONG)).isEqualTo(1008);
    }

    @Test
    void saveAndLoadKeepEstimates() throws Exception {
        FeeEstimator est = simulate();
        Path file = dir.resolve("fee_estimates.dat");
        est.save(file);
        FeeEstimator loaded = new FeeEstimator();
        assertThat(loaded.load(file)).isTrue();
        assertThat(loaded.bestHeight()).isEqualTo(100);
        assertThat(loaded.estimateSmartFee(5, true)).isEqualTo(est.estimateSmartFee(5, true));
        // bitcoind's layout: the version needed to read it, the writer's version, the best height.
        java.nio.ByteBuffer head = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(head.getInt()).isEqualTo(149900);
        assertThat(head.getInt()).isEqualTo(300000);
        assertThat(head.getInt()).isEqualTo(100);
        // Written again without new blocks: the same bytes (feature_fee_estimation compares the files).
        byte[] first = Files.readAllBytes(file);
        est.save(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
        // Too old unless stale estimates are accepted.
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(61))));
        assertThat(new FeeEstimator().load(file, false, java.time.Instant.now())).isFalse();
        assertThat(new FeeEstimator().load(file, true, java.time.Instant.now())).isTrue();
        Files.write(file, new byte[] {1, 2, 3});
        assertThat(new FeeEstimator().load(file)).isFalse();
    }
}
