package dev.blocksmith.p2p;

import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.message.NetAddress;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionPolicyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void connectOptionDialsOnlyTheGivenPeersAndRedials() {
        try (TestNode a = new TestNode()) {
            try (TestNode b = new TestNode(new FakeChain(), c -> c.withConnect(List.of(a.target())).withListen(false))) {
                Await.until("connected", WAIT, () -> b.net.connectionCount() == 1);
                assertThat(b.net.listenAddress()).isEmpty();
                // The -connect peer is redialled after a disconnect.
                b.net.disconnectNode(java.util.Optional.empty(), java.util.Optional.of(b.net.peers().get(0).id()));
                Await.until("redialled", WAIT, () -> b.net.connectionCount() == 1
                        && b.net.peers().get(0).connectionType().equals("manual"));
            }
        }
    }

    /** bitcoind's FindNode(pszDest): a -connect name already connected under that name is not dialled again. */
    @Test
    void aConnectPeerGivenByNameIsNotDialledAgainWhileConnected() throws Exception {
        try (TestNode a = new TestNode()) {
            // A name without a port (as -connect=feeder in a container network): the network's default port, here a's.
            FakeChain chain = new FakeChain(dev.blocksmith.core.params.Networks.REGTEST.toBuilder()
                    .p2pPort(a.address().getPort()).build());
            try (TestNode b = new TestNode(chain, c -> c.withConnect(List.of("localhost")).withListen(false)
                    .withTimeouts(c.handshakeTimeout(), c.pingInterval(), c.pingTimeout(), c.blockDownloadTimeout(),
                            Duration.ofMillis(200)))) {
                Await.until("connected", WAIT, () -> b.net.connectionCount() == 1);
                // Several redial rounds (every 500 ms, each past the 200 ms reconnect interval).
                Thread.sleep(3_000);
                assertThat(b.net.connectionCount()).isEqualTo(1);
                assertThat(a.net.connectionCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void learnedAddressesAreServedAndSavedOnStop(@TempDir Path dir) throws Exception {
        // The addr permission lifts the rate limit (a new inbound peer has one token, as in bitcoind).
        List<dev.blocksmith.p2p.peer.NetWhitelistPermissions> whitelist =
                List.of(dev.blocksmith.p2p.peer.NetWhitelistPermissions.parse("addr@127.0.0.1"));
        TestNode node = new TestNode(new FakeChain(), c -> c.withDataDir(dir).withWhitelist(whitelist));
        List<String> sent = new java.util.ArrayList<>();
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            List<Message.TimedAddress> addresses = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add("93.184." + (216 + i) + ".7");
                addresses.add(new Message.TimedAddress(System.currentTimeMillis() / 1000,
                        NetAddress.of(9, InetAddress.getByName(sent.get(i)), 8333)));
            }
            c.send(new Message.Addr(addresses));
            c.send(new Message.Ping(7));
            while (!(c.read() instanceof Message.Pong)) {
                // the addr message is processed before the ping
            }
            // Some may share an address-manager slot and replace each other.
            int known = node.net.nodeAddresses(0).size();
            assertThat(known).isGreaterThanOrEqualTo(5);
            c.send(new Message.GetAddr());
            // This client did not send sendaddrv2, so the answer is a legacy addr message; as bitcoind's, it holds
            // at most 23% of the known addresses.
            Message.Addr answer = c.expect(Message.Addr.class);
            assertThat(answer.addresses()).hasSize(known * 23 / 100)
                    .allSatisfy(e -> assertThat(sent).contains(e.address().inetAddress().getHostAddress()));
        } finally {
            node.close();
        }
        assertThat(Files.readString(dir.resolve("peers.dat"))).contains("93.184.");
    }

    @Test
    void externalAddressIsAdvertisedToOutboundPeers() {
        try (TestNode a = new TestNode();
             TestNode b = new TestNode(new FakeChain(), c -> c.withConnect(List.of("0")).withExternalIp(List.of("93.184.216.5")))) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            int bPort = b.address().getPort();
            Await.until("b's address learned by a", WAIT, () -> a.net.nodeAddresses(0).stream()
                    .anyMatch(k -> k.host().equals("93.184.216.5") && k.port() == bPort));
            assertThat(b.net.localAddresses()).singleElement().satisfies(l -> assertThat(l.port()).isEqualTo(bPort));
        }
    }

    @Test
    void aFeelerIsClosedOnceItsVersionIsProcessedWithoutWaitingForVerack() throws Exception {
        // bitcoind's VERSION handler ends a feeler; p2p_add_connections' feeler peer never sends verack.
        try (TestNode node = new TestNode();
             java.net.ServerSocket server = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(node.net.addConnection("127.0.0.1:" + server.getLocalPort(), dev.blocksmith.p2p.peer.ConnectionType.FEELER)).isTrue();
            try (RawClient peer = RawClient.accept(server)) {
                Message.Version ours = peer.expect(Message.Version.class);
                assertThat(ours.relay()).isFalse(); // feelers ask for no transactions
                peer.send(new Message.Version(70016, 9, System.currentTimeMillis() / 1000, NetAddress.unroutable(0),
                        NetAddress.unroutable(9), 42, "/feeler-target:1/", 0, true));
                assertThat(peer.closedWithin(Duration.ofSeconds(10))).isTrue();
            }
            Await.until("feeler gone", WAIT, () -> node.net.connectionCount() == 0);
        }
    }

    @Test
    void fullInboundSlotsEvictAnUnprotectedPeer() throws Exception {
        // maxconnections 32 leaves 21 inbound slots after the 11 kept for outbound and feeler connections. As in
        // bitcoind, eviction protects up to 20 peers whatever they did (4 by network group, 8 by ping, 4 by the
        // transactions and 4 by the blocks they sent), so with 21 one can go.
        try (TestNode node = new TestNode(new FakeChain(), c -> c.withConnect(List.of("0")).withMaxConnections(32))) {
            List<RawClient> clients = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 21; i++) {
                    RawClient c = new RawClient(node.address());
                    c.handshake(false);
                    clients.add(c);
                }
                Await.until("21 inbound", WAIT, () -> node.net.connectionCount() == 21);
                RawClient late = new RawClient(node.address());
                clients.add(late);
                late.handshake(false); // accepted: someone else made room
                long closed = 0;
                for (RawClient c : clients.subList(0, 21)) {
                    if (c.closedWithin(Duration.ofMillis(200))) closed++;
                }
                assertThat(closed).isEqualTo(1);
                assertThat(node.net.connectionCount()).isEqualTo(21);
            } finally {
                for (RawClient c : clients) c.close();
            }
        }
    }

    @Test
    void networkCanBeSwitchedOffAndOn() {
        try (TestNode a = new TestNode(); TestNode b = new TestNode()) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("connected", WAIT, () -> b.net.connectionCount() == 1);
            assertThat(b.net.connectionCounts()).isEqualTo(new P2PNetwork.ConnectionCounts(0, 1));
            assertThat(a.net.connectionCounts()).isEqualTo(new P2PNetwork.ConnectionCounts(1, 0));
            b.net.setNetworkActive(false);
            assertThat(b.net.isNetworkActive()).isFalse();
            Await.until("disconnected", WAIT, () -> a.net.connectionCount() == 0 && b.net.connectionCount() == 0);
            b.net.setNetworkActive(true);
            Await.until("reconnected", WAIT, () -> b.net.connectionCount() == 1);
        }
    }

    @Test
    void pingRpcMeasuresRoundTrip() {
        try (TestNode a = new TestNode(); TestNode b = new TestNode()) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("handshake", WAIT, () -> b.net.peers().size() == 1 && b.net.peers().get(0).pingTime().isPresent());
            long pingsBefore = b.net.peers().get(0).bytesSentPerMsg().get("ping");
            b.net.ping();
            Await.until("second ping sent", WAIT, () -> b.net.peers().get(0).bytesSentPerMsg().get("ping") > pingsBefore);
            assertThat(b.net.peers().get(0).minPing()).isPresent();
        }
    }
}
