package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void splitsAsBitcoindsSplitHostPort() {
        assertThat(HostPort.split("127.0.0.1:9050")).contains(new HostPort("127.0.0.1", OptionalInt.of(9050)));
        assertThat(HostPort.split("[::1]:9050")).contains(new HostPort("::1", OptionalInt.of(9050)));
        assertThat(HostPort.split("::1")).contains(new HostPort("::1", OptionalInt.empty()));
        assertThat(HostPort.split("localhost")).contains(new HostPort("localhost", OptionalInt.empty()));
        assertThat(HostPort.split("192.0.0.1:def")).isEmpty();
        assertThat(HostPort.split("host:0")).isEmpty();
        assertThat(HostPort.split("host:65536")).isEmpty();
        assertThat(HostPort.split("unix:/tmp/x")).isEmpty();
    }

    @Test
    void tellsLiteralsAndNames() {
        assertThat(HostPort.isIpLiteral("15.61.23.23")).isTrue();
        assertThat(HostPort.isIpLiteral("1233:3432:2434:2343:3234:2345:6546:4534")).isTrue();
        assertThat(HostPort.isIpLiteral("node.noumenon")).isFalse();
        assertThat(HostPort.isIpLiteral("300.1.1.1")).isFalse();
        assertThat(HostPort.isHostName("node.noumenon")).isTrue();
        assertThat(HostPort.isHostName("abc..abc")).isFalse();
        assertThat(HostPort.isHostName("")).isFalse();
    }
}
