package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkReachTest {
    private static final Socks5Proxy A = new Socks5Proxy(new InetSocketAddress("127.0.0.1", 1), true);
    private static final Socks5Proxy B = new Socks5Proxy(new InetSocketAddress("127.0.0.1", 2), false);

    @Test
    void routesEachNetworkThroughItsProxyAsBitcoindsConnectNode() {
        NetworkReach r = NetworkReach.of(Set.of(), Map.of(Network.IPV4, A, Network.IPV6, A, Network.ONION, B, Network.CJDNS, B),
                Optional.of(A), true);
        assertThat(r.route("15.61.23.23")).isEqualTo(new NetworkReach.Route.ViaProxy(A));
        assertThat(r.route("1233:3432:2434:2343:3234:2345:6546:4534")).isEqualTo(new NetworkReach.Route.ViaProxy(A));
        assertThat(r.route("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion")).isEqualTo(new NetworkReach.Route.ViaProxy(B));
        assertThat(r.route("fc00:1:2:3:4:5:6:7")).isEqualTo(new NetworkReach.Route.ViaProxy(B));
        assertThat(r.route("node.noumenon")).isEqualTo(new NetworkReach.Route.ViaProxy(A));
        // Local addresses are of no network: reached directly.
        assertThat(r.route("127.0.0.1")).isEqualTo(new NetworkReach.Route.Direct());
        assertThat(r.route("x.b32.i2p")).isInstanceOf(NetworkReach.Route.Unreachable.class);
    }

    @Test
    void withoutCjdnsFc00IsPrivateAndTorNeedsAProxy() {
        NetworkReach r = NetworkReach.of(Set.of(), Map.of(Network.IPV4, A), Optional.of(A), false);
        assertThat(r.route("fc00:1:2:3:4:5:6:7")).isEqualTo(new NetworkReach.Route.Direct());
        assertThat(r.route("2803:0:1234:abcd::1")).isEqualTo(new NetworkReach.Route.Direct());
        assertThat(r.route("abc.onion")).isInstanceOf(NetworkReach.Route.Unreachable.class);
        assertThat(r.isReachable(Network.ONION)).isFalse();
        assertThat(r.isReachable(Network.CJDNS)).isFalse();
    }

    @Test
    void aSamBridgeMakesI2pReachableAndDialable() {
        NetworkReach r = NetworkReach.of(Set.of(), Map.of(Network.I2P, B), Optional.empty(), false);
        assertThat(r.isReachable(Network.I2P)).isTrue();
        assertThat(r.dialable()).contains(Network.I2P, Network.IPV4, Network.IPV6);
    }

    @Test
    void i2pGoesThroughTheSamBridgeOnlyToPortZero() {
        String dest = "zsxwyo6qcn3chqzwxnseusqgsnuw3maqnztkiypyfxtya4snkoka.b32.i2p";
        NetworkReach withSam = NetworkReach.of(Set.of(), Map.of(Network.I2P, B), Optional.empty(), false);
        assertThat(withSam.route(dest, 8333)).isEqualTo(new NetworkReach.Route.Refused("connection refused due to arbitrary port 8333"));
        assertThat(withSam.route(dest, 0)).isEqualTo(new NetworkReach.Route.ViaI2pSam(B));
        // Other networks keep their routes.
        assertThat(withSam.route("127.0.0.1", 8333)).isEqualTo(new NetworkReach.Route.Direct());
        NetworkReach noSam = NetworkReach.of(Set.of(), Map.of(), Optional.empty(), false);
        assertThat(noSam.route(dest, 0)).isInstanceOf(NetworkReach.Route.Unreachable.class);
    }
}
