package dev.blocksmith.p2p;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionManagerTest {
    @Test
    void parsesNodeArguments() {
        assertThat(ConnectionManager.parse("1.2.3.4", 8333).getPort()).isEqualTo(8333);
        assertThat(ConnectionManager.parse("1.2.3.4:18444", 8333).getHostString()).isEqualTo("1.2.3.4");
        assertThat(ConnectionManager.parse("1.2.3.4:18444", 8333).getPort()).isEqualTo(18444);
        assertThat(ConnectionManager.parse("[::1]:1234", 8333).getHostString()).isEqualTo("::1");
        assertThat(ConnectionManager.parse("[::1]", 8333).getPort()).isEqualTo(8333);
        assertThat(ConnectionManager.parse("seed.example.org", 48333).isUnresolved()).isTrue();
        assertThatThrownBy(() -> ConnectionManager.parse("host:0", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ConnectionManager.parse("h3r6bkn46qxftwja53pxiykntegfyfjqtnzbm6iv6r5mungmqgmq.b32.i2p:0", 1).getPort()).isZero();
        // bitcoind's GetDefaultPort(string): an I2P name without a port gets port 0, anything else the network's port
        assertThat(ConnectionManager.parse("h3r6bkn46qxftwja53pxiykntegfyfjqtnzbm6iv6r5mungmqgmq.b32.i2p", 18444).getPort()).isZero();
        assertThat(ConnectionManager.parse("h3r6bkn46qxftwja53pxiykntegfyfjqtnzbm6iv6r5mungmqgmq.b32.i2p:8333", 18444).getPort())
                .isEqualTo(8333);
        assertThatThrownBy(() -> ConnectionManager.parse("[::1", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** bitcoind's AddNode compares numeric nodes by address: "127.1" is 127.0.0.1 (rpc_net). */
    @Test
    void anotherSpellingOfAnAddedNumericNodeIsAlreadyAdded() {
        try (dev.blocksmith.p2p.testing.TestNode node = new dev.blocksmith.p2p.testing.TestNode()) {
            node.net.addNode("127.0.0.1:19999", AddNodeAction.ADD);
            assertThatThrownBy(() -> node.net.addNode("127.1:19999", AddNodeAction.ADD))
                    .isInstanceOf(P2PException.class).hasMessageContaining("Node already added");
            node.net.addNode("127.0.0.2:19999", AddNodeAction.ADD); // another address is fine
            node.net.addNode("11.22.33.44", AddNodeAction.ADD);
        }
    }
}
