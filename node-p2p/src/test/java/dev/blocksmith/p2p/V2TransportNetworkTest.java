package dev.blocksmith.p2p;

import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** BIP324 between whole P2P networks: v2 with v2, a v2 attempt at a v1-only node, and v1 into a v2 node. */
class V2TransportNetworkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static boolean handshaken(TestNode n) {
        var peers = n.net.peers(); // one snapshot: the failed v2 attempt's peer comes and goes
        return peers.size() == 1 && peers.get(0).version() == 70016;
    }

    @Test
    void twoV2NodesSpeakV2AndSyncPastSeveralRekeys() {
        try (TestNode a = TestNode.v2(); TestNode b = TestNode.v2()) {
            assertThat(a.net.localServices() & dev.blocksmith.p2p.peer.ServiceFlags.NODE_P2P_V2).isNotZero();
            a.fake().mine(500, 1);
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("b synced to 500", WAIT, () -> b.chain.tip().height() == 500);
            PeerInfo fromB = b.net.peers().get(0);
            PeerInfo fromA = a.net.peers().get(0);
            assertThat(fromB.transportProtocolType()).isEqualTo("v2");
            assertThat(fromA.transportProtocolType()).isEqualTo("v2");
            assertThat(fromB.sessionId()).hasSize(64).isEqualTo(fromA.sessionId());
            assertThat(fromB.servicesNames()).contains("P2P_V2");
            assertThat(fromB.bytesSentPerMsg()).containsKeys("version", "getheaders");
        }
    }

    @Test
    void aV2AttemptAtAV1OnlyNodeIsRetriedWithV1() {
        try (TestNode v1 = new TestNode(); TestNode v2 = TestNode.v2()) {
            v2.net.addNode(v1.target(), AddNodeAction.ONETRY, true);
            Await.until("handshake over v1", WAIT, () -> handshaken(v1) && handshaken(v2));
            assertThat(v2.net.peers().get(0).transportProtocolType()).isEqualTo("v1");
            assertThat(v1.net.peers().get(0).transportProtocolType()).isEqualTo("v1");
            assertThat(v2.net.peers().get(0).sessionId()).isEmpty();
        }
    }

    @Test
    void aV1NodeConnectingToAV2NodeIsDetectedAsV1() {
        try (TestNode v2 = TestNode.v2(); TestNode v1 = new TestNode()) {
            v2.fake().mine(10, 1);
            v1.net.addNode(v2.target(), AddNodeAction.ADD);
            Await.until("v1 synced", WAIT, () -> v1.chain.tip().height() == 10);
            assertThat(v2.net.peers().get(0).transportProtocolType()).isEqualTo("v1");
            assertThat(v2.net.peers().get(0).inbound()).isTrue();
        }
    }
}
