package dev.blocksmith.p2p.peer;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class PeerRateLimitTest {
    /** An in-memory channel that reports socket addresses, as a real connection does. */
    private static Peer peer() {
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 18444);
            }

            @Override
            protected SocketAddress localAddress0() {
                return new InetSocketAddress("127.0.0.1", 40000);
            }
        };
        return new Peer(1, channel, ConnectionType.INBOUND, 0);
    }

    @Test
    void gossipedAddressesAreRateLimited() {
        Peer p = peer();
        // bitcoind's bucket starts with one token.
        assertThat(p.takeAddrTokens(10, 0)).isEqualTo(1);
        assertThat(p.takeAddrTokens(10, 30_000)).isEqualTo(3); // 0.1 per second
        assertThat(p.addrRateLimited()).isEqualTo(16);
        p.grantAddrTokens(1000); // our getaddr: room for a full answer beyond the cap
        assertThat(p.takeAddrTokens(1200, 30_000)).isEqualTo(1000);
        // The addr permission processes everything, spending what tokens there are.
        assertThat(p.takeAddrTokens(5, 30_000, false)).isEqualTo(5);
        assertThat(p.addrRateLimited()).isEqualTo(216);
    }

}
