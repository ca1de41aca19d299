package dev.blocksmith.rpc.methods.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** getpeerinfo's "network" of a peer address, as bitcoind's GetNetworkName(GetNetClass()). */
class PeerNetworkTest {
    @Test
    void namesTheNetworkOfAPeerAddress() {
        assertThat(GetPeerInfoMethod.peerNetwork("15.61.23.23:1234", false)).isEqualTo("ipv4");
        assertThat(GetPeerInfoMethod.peerNetwork("[1233:3432:2434:2343:3234:2345:6546:4534]:5443", false)).isEqualTo("ipv6");
        assertThat(GetPeerInfoMethod.peerNetwork("127.0.0.1:18444", false)).isEqualTo("not_publicly_routable");
        // fc00::/8 is private IPv6 unless this host reaches CJDNS (-cjdnsreachable).
        assertThat(GetPeerInfoMethod.peerNetwork("[fc00:1:2:3:4:5:6:7]:8888", false)).isEqualTo("not_publicly_routable");
        assertThat(GetPeerInfoMethod.peerNetwork("[fc00:1:2:3:4:5:6:7]:8888", true)).isEqualTo("cjdns");
    }
}
