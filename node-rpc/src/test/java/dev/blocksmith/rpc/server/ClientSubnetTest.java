package dev.blocksmith.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientSubnetTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void matchesSingleCidrAndNetmask() throws Exception {
        assertThat(ClientSubnet.parse("10.1.2.3").contains(ip("10.1.2.3"))).isTrue();
        assertThat(ClientSubnet.parse("10.1.2.3").contains(ip("10.1.2.4"))).isFalse();
        assertThat(ClientSubnet.parse("10.1.0.0/16").contains(ip("10.1.200.7"))).isTrue();
        assertThat(ClientSubnet.parse("10.1.0.0/16").contains(ip("10.2.0.1"))).isFalse();
        assertThat(ClientSubnet.parse("192.168.1.0/255.255.255.0").contains(ip("192.168.1.99"))).isTrue();
        assertThat(ClientSubnet.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
        assertThat(ClientSubnet.parse("fe80::/10").contains(ip("fe80::1"))).isTrue();
        assertThat(ClientSubnet.parse("fe80::/10").contains(ip("10.0.0.1"))).isFalse();
        assertThat(ClientSubnet.LOCALHOST_V4.contains(ip("127.8.9.1"))).isTrue();
        assertThat(ClientSubnet.LOCALHOST_V6.contains(ip("::1"))).isTrue();
        assertThat(ClientSubnet.LOCALHOST_V4.contains(ip("::ffff:127.0.0.1"))).isTrue();
        // bitcoind takes an IPv6 literal in brackets too (rpc_bind passes -rpcallowip=[::1]).
        assertThat(ClientSubnet.parse("[::1]").contains(ip("::1"))).isTrue();
        assertThat(ClientSubnet.parse("[fe80::]/10").contains(ip("fe80::1"))).isTrue();
    }

    @Test
    void rejectsHostNamesAndBadMasks() {
        assertThatThrownBy(() -> ClientSubnet.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientSubnet.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientSubnet.parse("10.0.0.0/255.0.255.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientSubnet.parse("10.0.0.0/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientSubnet.parse("[10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindOnlyWithAllowIpElseLoopback() {
        assertThat(RpcServerConfig.bindAddresses(List.of("0.0.0.0"), List.of(), 18443))
                .containsExactly(new InetSocketAddress("::1", 18443), new InetSocketAddress("127.0.0.1", 18443));
        assertThat(RpcServerConfig.bindAddresses(List.of("127.0.0.1:1234", "[::1]"), List.of("10.0.0.0/8"), 18443))
                .containsExactly(new InetSocketAddress("127.0.0.1", 1234), new InetSocketAddress("::1", 18443));
        assertThatThrownBy(() -> RpcServerConfig.bindAddresses(List.of("127.0.0.1:99999"), List.of("1.2.3.4"), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
