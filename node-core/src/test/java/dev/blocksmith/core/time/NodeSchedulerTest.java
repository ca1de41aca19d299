package dev.blocksmith.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeSchedulerTest {
    /** A steady clock that only moves when told, so nothing falls due by itself. */
    private final AtomicLong steady = new AtomicLong(1_000);

    @Test
    void mockForwardRunsTasksThatFallDueAndRequeuesRepeatingOnes() throws Exception {
        try (NodeScheduler s = NodeScheduler.start(steady::get, "test-scheduler")) {
            AtomicInteger hourly = new AtomicInteger();
            AtomicInteger later = new AtomicInteger();
            s.scheduleEvery("hourly", Duration.ofHours(1), hourly::incrementAndGet);
            s.scheduleAfter("in two hours", Duration.ofHours(2), later::incrementAndGet);

            s.mockForward(Duration.ofMinutes(59));
            assertThat(s.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(hourly.get()).isZero();

            s.mockForward(Duration.ofMinutes(1));
            assertThat(s.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(hourly.get()).isEqualTo(1);
            assertThat(later.get()).isZero();
            // The hourly task is queued again one hour from when it ran; the one-off one is still waiting.
            assertThat(s.queued()).isEqualTo(2);

            s.mockForward(Duration.ofHours(1));
            assertThat(s.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(hourly.get()).isEqualTo(2);
            assertThat(later.get()).isEqualTo(1);
            assertThat(s.queued()).isEqualTo(1);
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheScheduler() throws Exception {
        try (NodeScheduler s = NodeScheduler.start(steady::get, "test-scheduler")) {
            AtomicInteger ran = new AtomicInteger();
            s.scheduleAfter("fails", Duration.ofSeconds(1), () -> {
                throw new IllegalStateException("boom");
            });
            s.scheduleAfter("runs", Duration.ofSeconds(2), ran::incrementAndGet);
            s.mockForward(Duration.ofSeconds(2));
            assertThat(s.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(ran.get()).isEqualTo(1);
        }
    }
}
