package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class Socks5ProxyTest {
    @Test
    void parsesBitcoindsProxyValues() {
        assertThat(Socks5Proxy.parse("0", true)).isEmpty();
        assertThat(Socks5Proxy.parse("", true)).isEmpty();
        Socks5Proxy p = Socks5Proxy.parse("127.0.0.1:1", true).orElseThrow();
        assertThat(p.address().getPort()).isEqualTo(1);
        assertThat(Socks5Proxy.parse("localhost", false).orElseThrow().address().getPort()).isEqualTo(9050);
        assertThat(Socks5Proxy.parse("[::1]:9150", false).orElseThrow().display()).isEqualTo("[::1]:9150");
        assertThatThrownBy(() -> Socks5Proxy.parse("host:0", true)).hasMessage("Invalid -proxy address or hostname: 'host:0'");
    }

    @Test
    void localAndPrivatePeersAreReachedDirectlyAsBitcoindDoes() {
        Socks5Proxy p = Socks5Proxy.parse("127.0.0.1:1", true).orElseThrow();
        assertThat(p.carries(InetSocketAddress.createUnresolved("127.0.0.1", 18444))).isFalse();
        assertThat(p.carries(InetSocketAddress.createUnresolved("192.168.1.2", 8333))).isFalse();
        assertThat(p.carries(InetSocketAddress.createUnresolved("10.0.0.1", 8333))).isFalse();
        assertThat(p.carries(InetSocketAddress.createUnresolved("fc00:1:2:3:4:5:6:7", 8333))).isFalse();
        assertThat(p.carries(InetSocketAddress.createUnresolved("1.2.3.4", 8333))).isTrue();
        assertThat(p.carries(InetSocketAddress.createUnresolved("2803:0:1234:abcd::1", 8333))).isTrue();
        assertThat(p.carries(InetSocketAddress.createUnresolved("some.node", 8333))).isTrue();
    }
}
