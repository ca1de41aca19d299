package dev.blocksmith.p2p;

import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Handshake and ping deadlines, shortened from Core's 60 s and 20 min so that the test is quick. */
class TimeoutTest {
    private static TestNode node(Duration handshake, Duration pingEvery, Duration pingDeadline) {
        return new TestNode(new FakeChain(), c -> c.withTimeouts(handshake, pingEvery, pingDeadline, Duration.ofSeconds(30), Duration.ofSeconds(1)));
    }

    @Test
    void silentConnectionIsDroppedAfterTheHandshakeTimeout() throws Exception {
        try (TestNode n = node(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMinutes(20));
             RawClient c = new RawClient(n.address())) {
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void unansweredPingDropsThePeer() throws Exception {
        // The ping timeout applies once -peertimeout (the handshake timeout here) has passed, as in bitcoind.
        try (TestNode n = node(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2));
             RawClient c = new RawClient(n.address())) {
            c.handshake(false);
            c.expect(Message.Ping.class); // never answered
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void answeredPingsKeepThePeerConnected() throws Exception {
        try (TestNode n = node(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(2));
             RawClient c = new RawClient(n.address())) {
            c.handshake(false);
            for (int i = 0; i < 3; i++) {
                Message.Ping p = c.expect(Message.Ping.class);
                c.send(new Message.Pong(p.nonce()));
            }
            assertThat(n.net.peers()).singleElement().satisfies(p -> assertThat(p.pingTime()).isPresent());
        }
    }
}
