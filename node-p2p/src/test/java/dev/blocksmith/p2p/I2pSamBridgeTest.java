package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class I2pSamBridgeTest {
    @Test
    void aBridgeNobodyListensOnIsReportedInBitcoindsWords() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Socks5Proxy bridge = new Socks5Proxy(new InetSocketAddress("127.0.0.1", port), false);
        assertThat(I2pSamBridge.connectError(bridge)).isEqualTo("Cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void aListeningBridgeIsNotMistakenForAnUnreachableOne() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socks5Proxy bridge = new Socks5Proxy(new InetSocketAddress("127.0.0.1", s.getLocalPort()), false);
            assertThat(I2pSamBridge.connectError(bridge)).doesNotStartWith("Cannot connect").contains("SAM");
        }
    }
}
