package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.time.NodeClock;
import dev.blocksmith.p2p.addr.NetAddr;
import dev.blocksmith.p2p.message.AddrV2Entry;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.NetWhitelistPermissions;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Address relay as p2p_addrv2_relay drives it: queued per peer, sent on the (mocked) trickle timer, all networks. */
class AddressGossipTest {
    private static final long T0 = 1_700_000_000L;
    private static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

    private static List<AddrV2Entry> tenAddresses() throws Exception {
        List<AddrV2Entry> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                byte[] i2p = new byte[32];
                Arrays.fill(i2p, (byte) 0x17);
                out.add(new AddrV2Entry(T0 + i, 9, AddrV2Entry.NET_I2P, i2p, 0));
            } else if (i == 8) {
                out.add(new AddrV2Entry(T0 + i, 9, AddrV2Entry.NET_TORV3, NetAddr.parse(ONION, false).orElseThrow().bytes(), 8333 + i));
            } else {
                out.add(new AddrV2Entry(T0 + i, 9, AddrV2Entry.NET_IPV4, InetAddress.getByName("123.123.123." + i).getAddress(), 8333 + i));
            }
        }
        return out;
    }

    @Test
    void aSmallAddrv2MessageIsRelayedWholeOnTheTrickleTimerToPeersThatAskedForAddresses() throws Exception {
        NodeClock clock = NodeClock.system();
        clock.setMockTime(T0);
        // As p2p_addrv2_relay: the addr permission lifts the rate limit (a new peer has one token).
        List<NetWhitelistPermissions> whitelist = List.of(NetWhitelistPermissions.parse("addr@127.0.0.1"));
        UnaryOperator<P2PConfig> addrPermission = c -> c.withWhitelist(whitelist);
        try (TestNode node = new TestNode(new FakeChain(), addrPermission, clock);
             RawClient source = new RawClient(node.address());
             RawClient receiver = new RawClient(node.address());
             RawClient silent = new RawClient(node.address())) {
            source.handshake(false, true, 9, true);
            receiver.handshake(false, true, 9, true);
            silent.handshake(false, true, 9, true);
            // Asking for addresses turns relay on (bitcoind's SetupAddressRelay); the silent peer never asks.
            source.send(new Message.GetAddr());
            receiver.send(new Message.GetAddr());
            pingRoundTrip(receiver, 1);
            pingRoundTrip(silent, 1);

            List<AddrV2Entry> sent = tenAddresses();
            source.send(new Message.AddrV2(sent));
            pingRoundTrip(source, 2);
            // The clock stands still: nothing goes out yet.
            assertThat(pingRoundTrip(receiver, 2)).noneMatch(m -> m instanceof Message.AddrV2);

            // Ten minutes on (a 30 s mean draw is never that long; longer would time out our unanswered pings).
            clock.setMockTime(T0 + 10 * 60);
            List<Message> seen = new ArrayList<>(pingRoundTrip(receiver, 3));
            seen.addAll(pingRoundTrip(receiver, 4));
            assertThat(seen).filteredOn(m -> m instanceof Message.AddrV2).singleElement()
                    .satisfies(m -> assertThat(((Message.AddrV2) m).addresses()).containsExactlyInAnyOrderElementsOf(sent));
            // Neither the source (its own addresses) nor a peer that never asked gets them.
            List<Message> others = new ArrayList<>(pingRoundTrip(source, 3));
            others.addAll(pingRoundTrip(silent, 3));
            assertThat(others).noneMatch(m -> m instanceof Message.AddrV2 a && !a.addresses().isEmpty()
                    && a.addresses().stream().anyMatch(sent::contains));
            // Only the reachable networks' addresses were kept (no Tor proxy, no I2P); a bucket collision may drop an IP one.
            assertThat(node.net.nodeAddresses(0)).isNotEmpty().allMatch(k -> k.network() == Network.IPV4);
        }
    }

    private static List<Message> pingRoundTrip(RawClient peer, long nonce) throws IOException {
        peer.send(new Message.Ping(nonce));
        List<Message> seen = new ArrayList<>();
        while (true) {
            Message m = peer.read();
            if (m instanceof Message.Pong p && p.nonce() == nonce) return seen;
            seen.add(m);
        }
    }
}
