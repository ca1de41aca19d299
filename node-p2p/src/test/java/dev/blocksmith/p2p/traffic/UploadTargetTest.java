package dev.blocksmith.p2p.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UploadTargetTest {
    private static final long MB = 1L << 20;
    private static final long T0 = 1_700_000_000L;

    @Test
    void noTargetIsNeverReached() {
        UploadTarget t = UploadTarget.unlimited();
        t.recordSent(Long.MAX_VALUE / 2, T0);
        assertThat(t.reached(false, T0)).isFalse();
        assertThat(t.reached(true, T0)).isFalse();
        assertThat(t.status(T0)).isEqualTo(new UploadTarget.Status(86400, 0, false, true, 0, 0));
    }

    @Test
    void historicalServingKeepsAFullBlockPerTenMinutesLeft() {
        UploadTarget t = new UploadTarget(800 * MB);
        t.recordSent(1, T0);
        // 144 ten-minute slots of 4 MB are kept back at the cycle's start: 800 MiB - 576 MB may be spent on old blocks.
        long available = 800 * MB - 144 * 4_000_000L;
        t.recordSent(available - 2, T0);
        assertThat(t.reached(true, T0)).isFalse();
        t.recordSent(1, T0);
        assertThat(t.reached(true, T0)).isTrue();
        assertThat(t.reached(false, T0)).isFalse();
        assertThat(t.bytesLeft()).isEqualTo(800 * MB - available);
        // Later in the cycle less is kept back, so old blocks are served again.
        assertThat(t.reached(true, T0 + 12 * 3600)).isFalse();
    }

    @Test
    void theTargetUsedUpAndANewCycle() {
        UploadTarget t = new UploadTarget(MB);
        assertThat(t.timeLeftInCycle(T0)).isEqualTo(86400);
        // 1 MiB is less than the blocks kept back: historical blocks are never served.
        assertThat(t.reached(true, T0)).isTrue();
        t.recordSent(MB - 1, T0);
        assertThat(t.reached(false, T0 + 10)).isFalse();
        assertThat(t.timeLeftInCycle(T0 + 10)).isEqualTo(86400 - 10);
        t.recordSent(1, T0 + 10);
        assertThat(t.reached(false, T0 + 10)).isTrue();
        assertThat(t.bytesLeft()).isZero();
        // Past the cycle's end, the next byte sent starts a new cycle.
        assertThat(t.timeLeftInCycle(T0 + 86401)).isZero();
        t.recordSent(5, T0 + 86401);
        assertThat(t.reached(false, T0 + 86401)).isFalse();
        assertThat(t.bytesLeft()).isEqualTo(MB - 5);
        assertThat(t.status(T0 + 86401)).isEqualTo(new UploadTarget.Status(86400, MB, false, false, MB - 5, 86400));
    }
}
