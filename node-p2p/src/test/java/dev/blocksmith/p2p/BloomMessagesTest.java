package dev.blocksmith.p2p;

import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BIP111: a node that does not offer NODE_BLOOM (ours never does) disconnects a peer sending the BIP37 filter
 * messages or BIP35 mempool, as bitcoind with -peerbloomfilters=0, without discouraging it.
 */
class BloomMessagesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private TestNode node;

    @BeforeEach
    void start() {
        node = new TestNode(new FakeChain(), true);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void assertDisconnectedFor(Message m) throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            c.send(m);
            assertThat(c.closedWithin(WAIT)).as("disconnected after %s", m.command()).isTrue();
        }
        assertThat(node.net.isDiscouraged(InetAddress.getLoopbackAddress())).isFalse();
    }

    @Test
    void filterMessagesAndMempoolDisconnect() throws IOException {
        assertDisconnectedFor(new Message.MempoolRequest());
        assertDisconnectedFor(new Message.FilterLoad(new byte[]{0}, 0, 0, 0));
        assertDisconnectedFor(new Message.FilterAdd(new byte[]{(byte) 0xcc}));
        assertDisconnectedFor(new Message.FilterClear());
    }

    @Test
    void theNodeDoesNotOfferBloom() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            Message.Version theirs = c.handshake(false);
            assertThat(theirs.services() & dev.blocksmith.p2p.peer.ServiceFlags.NODE_BLOOM).isZero();
        }
    }
}
