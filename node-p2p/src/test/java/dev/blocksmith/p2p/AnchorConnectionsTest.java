package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.p2p.addr.AnchorsFile;
import dev.blocksmith.p2p.peer.ConnectionType;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bitcoind's anchors: block-relay-only peers survive a clean restart through anchors.dat, used once. */
class AnchorConnectionsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void blockRelayOnlyPeersAreDumpedAtStopAndReconnectedFirstAtStart(@TempDir Path dir) throws Exception {
        Path anchors = dir.resolve("anchors.dat");
        try (TestNode a = new TestNode(); TestNode inbound = new TestNode()) {
            int aPort = a.address().getPort();
            TestNode b = new TestNode(new FakeChain(), c -> c.withDataDir(dir).withConnect(List.of()));
            try {
                assertThat(b.net.addConnection(a.target(), ConnectionType.BLOCK_RELAY_ONLY)).isTrue();
                assertThat(inbound.net.addConnection(b.target(), ConnectionType.MANUAL)).isTrue();
                Await.until("both connections up", WAIT, () -> b.net.peers().size() == 2
                        && b.net.peers().stream().allMatch(p -> p.version() > 0));
            } finally {
                b.close();
            }
            List<AnchorsFile.Anchor> dumped = AnchorsFile.decode(new FakeChain().params().magic(), Files.readAllBytes(anchors)).orElseThrow();
            // Only the outbound block-relay-only peer, not the inbound one.
            assertThat(dumped).singleElement().satisfies(x -> assertThat(x.port()).isEqualTo(aPort));

            try (TestNode again = new TestNode(new FakeChain(), c -> c.withDataDir(dir).withConnect(List.of()))) {
                assertThat(Files.exists(anchors)).isFalse();
                Await.until("anchor reconnected", WAIT, () -> again.net.peers().stream()
                        .anyMatch(p -> p.connectionType().equals("block-relay-only") && p.addr().endsWith(":" + aPort)));
            }
        }
    }
}
