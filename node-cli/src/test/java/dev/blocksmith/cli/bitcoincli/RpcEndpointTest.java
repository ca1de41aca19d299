package dev.blocksmith.cli.bitcoincli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RpcEndpointTest {
    @Test
    void portPreferenceIsRpcportThenRpcconnectThenNetwork() {
        assertThat(RpcEndpoint.resolve("127.0.0.1", Optional.empty(), 18443)).isEqualTo(new RpcEndpoint("127.0.0.1", 18443, Optional.empty()));
        assertThat(RpcEndpoint.resolve("127.0.0.1:5000", Optional.empty(), 18443).port()).isEqualTo(5000);
        RpcEndpoint both = RpcEndpoint.resolve("127.0.0.1:5000", Optional.of("6000"), 18443);
        assertThat(both.port()).isEqualTo(6000);
        assertThat(both.warning()).contains("Warning: Port specified in both -rpcconnect and -rpcport. Using -rpcport 6000");
        assertThat(RpcEndpoint.resolve("[::1]:5000", Optional.of("1"), 18443)).isEqualTo(new RpcEndpoint("::1", 1,
                Optional.of("Warning: Port specified in both -rpcconnect and -rpcport. Using -rpcport 1")));
        assertThat(RpcEndpoint.resolve("::1", Optional.empty(), 18443)).isEqualTo(new RpcEndpoint("::1", 18443, Optional.empty()));
        assertThat(RpcEndpoint.resolve("localhost", Optional.empty(), 8332).host()).isEqualTo("localhost");
    }

    @Test
    void invalidPortsAreRefusedWithTheRawValue() {
        for (String bad : new String[] {"notaport", "-1", "0", "65536"}) {
            assertThatThrownBy(() -> RpcEndpoint.resolve("127.0.0.1:" + bad, Optional.empty(), 18443))
                    .hasMessage("Invalid port provided in -rpcconnect: 127.0.0.1:" + bad);
            assertThatThrownBy(() -> RpcEndpoint.resolve("[::1]:" + bad, Optional.empty(), 18443))
                    .hasMessage("Invalid port provided in -rpcconnect: [::1]:" + bad);
            assertThatThrownBy(() -> RpcEndpoint.resolve("127.0.0.1", Optional.of(bad), 18443))
                    .hasMessage("Invalid port provided in -rpcport: " + bad);
        }
    }
}
