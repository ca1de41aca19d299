package dev.blocksmith.p2p;

import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.NetWhitelistPermissions;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bitcoind's headers-sync timeout: a noban sync peer that stalls is kept, but headers are then asked of another
 * preferred peer ("Timeout downloading headers from noban peer, not disconnecting").
 */
class HeaderSyncTimeoutTest {
    /** A node clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private final AtomicLong offsetMillis = new AtomicLong();

        void advance(Duration d) {
            offsetMillis.addAndGet(d.toMillis());
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis.get()); }
    }

    private static boolean getHeadersWithin(RawClient c, Duration wait) throws java.io.IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> m = c.poll(Duration.ofMillis(200));
            if (m.isPresent() && m.get() instanceof Message.GetHeaders) return true;
        }
        return false;
    }

    @Test
    void aStalledNobanSyncPeerIsKeptAndAnotherPeerIsAsked() throws Exception {
        MovableClock clock = new MovableClock();
        NetWhitelistPermissions noban = NetWhitelistPermissions.parse("noban@127.0.0.1");
        // The fake chain holds only its 2011 genesis: headers are far from caught up, so one peer syncs them.
        try (TestNode node = new TestNode(new FakeChain(), c -> c.withWhitelist(List.of(noban)), clock);
             RawClient first = new RawClient(node.address())) {
            first.handshake(false);
            assertThat(getHeadersWithin(first, Duration.ofSeconds(10))).as("initial getheaders").isTrue();
            try (RawClient second = new RawClient(node.address())) {
                second.handshake(false);
                assertThat(getHeadersWithin(second, Duration.ofSeconds(2))).as("one headers-sync peer at a time").isFalse();
                clock.advance(Duration.ofMinutes(16)); // past the 15 minutes, short of the 20-minute ping timeout
                assertThat(getHeadersWithin(second, Duration.ofSeconds(10))).as("the other peer is asked").isTrue();
                assertThat(first.closedWithin(Duration.ofSeconds(1))).as("the noban peer stays").isFalse();
            }
        }
    }
}
