package dev.blocksmith.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NodeClockTest {
    private final Clock real = Clock.fixed(Instant.ofEpochMilli(1_700_000_123_456L), ZoneOffset.UTC);

    @Test
    void followsTheRealClockUntilMocked() {
        NodeClock clock = NodeClock.over(real);
        assertThat(clock.isMocked()).isFalse();
        assertThat(clock.seconds()).isEqualTo(1_700_000_123L);
        assertThat(clock.millis()).isEqualTo(1_700_000_123_456L);
    }

    @Test
    void mockTimeStandsStillAndZeroReturnsToRealTime() {
        NodeClock clock = NodeClock.over(real);
        clock.setMockTime(1_296_688_602L);
        assertThat(clock.seconds()).isEqualTo(1_296_688_602L);
        assertThat(clock.millis()).isEqualTo(1_296_688_602_000L);
        assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(1_296_688_602L));
        assertThat(clock.withZone(ZoneOffset.ofHours(2)).millis()).isEqualTo(1_296_688_602_000L);
        clock.setMockTime(0);
        assertThat(clock.isMocked()).isFalse();
        assertThat(clock.seconds()).isEqualTo(1_700_000_123L);
    }

    @Test
    void rangeIsBitcoindsMockTimeRange() {
        NodeClock clock = NodeClock.over(real);
        assertThat(NodeClock.MAX_MOCK_TIME).isEqualTo(9_223_372_036L);
        clock.setMockTime(NodeClock.MAX_MOCK_TIME);
        assertThat(clock.seconds()).isEqualTo(9_223_372_036L);
        assertThatThrownBy(() -> clock.setMockTime(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.setMockTime(NodeClock.MAX_MOCK_TIME + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
