package dev.blocksmith.p2p.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeeFilterRounderTest {
    @Test
    void maxMoneyRoundsToTheTopBucketAsInCoresTests() {
        // Core's p2p_ibd_txrelay.py: MAX_FEE_FILTER = 9936506 sat/kvB.
        FeeFilterRounder r = new FeeFilterRounder(new Random(1));
        assertThat(r.max()).isEqualTo(9_936_506L);
        for (int i = 0; i < 20; i++) assertThat(r.round(21_000_000L * 100_000_000L)).isEqualTo(9_936_506L);
    }

    @Test
    void zeroStaysZero() {
        FeeFilterRounder r = new FeeFilterRounder(new Random(2));
        for (int i = 0; i < 20; i++) assertThat(r.round(0)).isZero();
    }

    @Test
    void roundsToTheBucketAtOrAboveOrTheOneBelow() {
        FeeFilterRounder r = new FeeFilterRounder(new Random(3));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) seen.add(r.round(1000));
        // Buckets 50 * 1.1^k: 1000 lies between 50*1.1^31 (about 961) and 50*1.1^32 (about 1057).
        assertThat(seen).hasSize(2);
        long low = seen.stream().min(Long::compare).orElseThrow();
        long high = seen.stream().max(Long::compare).orElseThrow();
        assertThat(low).isBetween(950L, 999L);
        assertThat(high).isBetween(1001L, 1100L);
        // The lowest bucket rounds down to 0 or stays.
        Set<Long> lowest = new HashSet<>();
        for (int i = 0; i < 300; i++) lowest.add(r.round(10));
        assertThat(lowest).containsExactlyInAnyOrder(0L, 50L);
    }
}
