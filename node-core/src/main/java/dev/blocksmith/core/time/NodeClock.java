package dev.blocksmith.core.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's one notion of "now", as bitcoind's NodeClock: the system clock unless a mock time is set
 * ({@code setmocktime}, regtest only), in which case time stands still at that second until it is set
 * again. Everything that reasons about wall-clock time (the 2-hour future rule, the tip-age test of
 * initial block download, mempool entry times and expiry, block template times, peer and ban times,
 * wallet transaction times) reads this clock so that one RPC moves them all together.
 *
 * <p>A {@link Clock} itself, so code that takes a {@code java.time.Clock} can be handed the node's.
 * Durations measured for speed or timeouts of our own threads keep using {@link System#nanoTime()}.
 */
public final class NodeClock extends Clock {
    /** bitcoind accepts mock times up to the largest second a signed 64-bit nanosecond count can hold. */
    public static final long MAX_MOCK_TIME = Long.MAX_VALUE / 1_000_000_000L;

    private final Clock real;
    /** Seconds since the epoch; 0 means not mocked, as bitcoind's SetMockTime(0). */
    private final AtomicLong mockSeconds = new AtomicLong();

    private NodeClock(Clock real) {
        this.real = Objects.requireNonNull(real);
    }

    /** A node clock over the system's UTC clock. */
    public static NodeClock system() {
        return new NodeClock(Clock.systemUTC());
    }

    /** A node clock over any real clock (tests). */
    public static NodeClock over(Clock real) {
        return new NodeClock(real);
    }

    /**
     * Sets the mock time in seconds since the epoch; 0 returns to the real clock.
     *
     * @throws IllegalArgumentException outside [0, {@link #MAX_MOCK_TIME}]
     */
    public void setMockTime(long seconds) {
        if (seconds < 0 || seconds > MAX_MOCK_TIME) {
            throw new IllegalArgumentException("mock time out of range: " + seconds);
        }
        mockSeconds.set(seconds);
    }

    /** The mock time in seconds, 0 when the real clock is in use. */
    public long mockTime() {
        return mockSeconds.get();
    }

    public boolean isMocked() {
        return mockSeconds.get() != 0;
    }

    /** Seconds since the epoch (bitcoind's GetTime). */
    public long seconds() {
        long mock = mockSeconds.get();
        return mock != 0 ? mock : Math.floorDiv(real.millis(), 1000L);
    }

    /** Milliseconds since the epoch; a mocked clock reports its whole second. */
    @Override
    public long millis() {
        long mock = mockSeconds.get();
        return mock != 0 ? mock * 1000L : real.millis();
    }

    @Override
    public Instant instant() {
        long mock = mockSeconds.get();
        return mock != 0 ? Instant.ofEpochSecond(mock) : real.instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** A view in another zone that still follows this clock's mock time. */
    @Override
    public Clock withZone(ZoneId zone) {
        NodeClock source = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }

            @Override
            public Instant instant() {
                return source.instant();
            }

            @Override
            public long millis() {
                return source.millis();
            }
        };
    }
}
