package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Socks5ProxyTest {
    @Test
    void parsesBitcoindsProxyValues() {
        assertThat(Socks5Proxy.parse("0", true)).isEmpty();
        assertThat(Socks5Proxy.parse("", true)).isEmpty();
        Socks5Proxy p = Socks5Proxy.parse("127.0.0.1:1", true).orElseThrow();
        assertThat(((InetSocketAddress) p.server()).getPort()).isEqualTo(1);
        assertThat(p.display()).isEqualTo("127.0.0.1:1");
        assertThat(((InetSocketAddress) Socks5Proxy.parse("127.0.0.1", false).orElseThrow().server()).getPort()).isEqualTo(9050);
        assertThat(Socks5Proxy.parse("[::1]:9150", false).orElseThrow().display()).isEqualTo("[::1]:9150");
        assertThatThrownBy(() -> Socks5Proxy.parse("abc..abc:23456", true)).hasMessage("Invalid -proxy address or hostname: 'abc..abc:23456'");
        assertThatThrownBy(() -> Socks5Proxy.parse("xyz..xyz:1", true, "onion")).hasMessage("Invalid -onion address or hostname: 'xyz..xyz:1'");
        assertThatThrownBy(() -> Socks5Proxy.parse("host:0", true)).hasMessage("Invalid -proxy address or hostname: 'host:0'");
    }

    @Test
    void unixSocketPathsAreProxiesWithoutPort() {
        Socks5Proxy p = Socks5Proxy.parse("unix:/tmp/tor.sock", true).orElseThrow();
        assertThat(p.isUnixSocket()).isTrue();
        assertThat(p.server()).isEqualTo(UnixDomainSocketAddress.of(Path.of("/tmp/tor.sock")));
        assertThat(p.display()).isEqualTo("unix:/tmp/tor.sock");
        // Longer than sockaddr_un holds: read as host:port as bitcoind does, and refused.
        String tooLong = "unix:" + "x".repeat(108);
        assertThat(Socks5Proxy.isUnixSocketPath(tooLong)).isFalse();
        assertThat(Socks5Proxy.isUnixSocketPath("unix:" + "x".repeat(107))).isTrue();
        assertThatThrownBy(() -> Socks5Proxy.parse(tooLong, true)).hasMessage("Invalid -proxy address or hostname: '" + tooLong + "'");
    }

    @Test
    void localAndPrivateAddressesAreNotRoutable() throws Exception {
        assertThat(Socks5Proxy.routable(java.net.InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(Socks5Proxy.routable(java.net.InetAddress.getByName("192.168.1.2"))).isFalse();
        assertThat(Socks5Proxy.routable(java.net.InetAddress.getByName("fc00:1:2:3:4:5:6:7"))).isFalse();
        assertThat(Socks5Proxy.routable(java.net.InetAddress.getByName("15.61.23.23"))).isTrue();
        assertThat(Socks5Proxy.routable(java.net.InetAddress.getByName("2803:0:1234:abcd::1"))).isTrue();
    }
}
