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
        assertThatThrownBy(() -> ConnectionManager.parse("[::1", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
