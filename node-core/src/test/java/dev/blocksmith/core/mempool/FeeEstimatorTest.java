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
        assertThat(est.estimateSmartFee(5, true).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(2_000));
        // Never-confirming transactions keep the 1.2 sat/vB bucket out of every answer.
        assertThat(est.estimateSmartFee(25, true).orElseThrow().feeRate()).isEqualTo(FeeRate.ofSatsPerKvB(2_000));
        // History from block 2 to 100: targets above 49 blocks are answered for 49.
        assertThat(est.estimateSmartFee(5_000, true).orElseThrow().blocks()).isEqualTo(49);
    }

    @Test
    void economicalAcceptsALowerSuccessRate() {
        FeeEstimator est = new FeeEstimator();
        Map<Integer, List<Sha256Hash>> confirmAt = new HashMap<>();
        for (int h = 1; h <= 100; h++) {
            est.processBlock(h, confirmAt.getOrDefault(h, List.of()));
            // 7 of 10 confirm in one block, 3 take ten: 70% within 2 blocks.
            for (int i = 0; i < 10; i++) {
                Sha256Hash txid = nextTxid();
                est.processTransaction(txid, FeeRate.ofSatsPerKvB(8_000), h);
                confirmAt.computeIfAbsent(h + (i < 7 ? 1 : 10), k -> new ArrayList<>()).add(txid);
            }
        }
        assertThat(est.estimateSmartFee(1, false)).isPresent();
        assertThat(est.estimateSmartFee(1, true)).isEmpty();
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
        Files.write(file, new byte[] {1, 2, 3});
        assertThat(new FeeEstimator().load(file)).isFalse();
    }
}
