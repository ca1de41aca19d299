package dev.blocksmith.p2p;

import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SelfConnectionTest {
    @Test
    void connectionToOurselvesIsDetectedByTheVersionNonce() throws Exception {
        try (TestNode node = new TestNode()) {
            node.net.addNode(node.target(), AddNodeAction.ONETRY);
            // Both ends of the loop exchange a version, then the inbound end recognises our nonce.
            Await.until("versions exchanged", Duration.ofSeconds(20), () -> node.net.netTotals().totalBytesRecv() > 0);
            Await.until("self connection dropped", Duration.ofSeconds(20), () -> node.net.connectionCount() == 0);
            Thread.sleep(500);
            assertThat(node.net.connectionCount()).isZero();
            assertThat(node.net.isDiscouraged(InetAddress.getLoopbackAddress())).isFalse();
        }
    }
}
