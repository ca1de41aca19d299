package dev.blocksmith.p2p;

import dev.blocksmith.p2p.codec.FrameEncoder;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.ServiceFlags;
import dev.blocksmith.p2p.peer.NetWhitelistPermissions;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Peer handling that Bitcoin Core's functional tests check against bitcoind 30. */
class BitcoindPeerBehaviourTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();

    @Test
    void nobanPeersAreNeitherDisconnectedNorDiscouraged() throws Exception {
        NetWhitelistPermissions noban = NetWhitelistPermissions.parse("noban@127.0.0.1");
        try (TestNode node = new TestNode(new FakeChain(), c -> c.withDiscourageLocalPeers(true).withWhitelist(List.of(noban)));
             RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            Await.until("handshake", WAIT, () -> !node.net.peers().isEmpty());
            assertThat(node.net.peers().get(0).permissions()).containsExactly("noban", "download");
            byte[] payload = {(byte) 0xfd, (byte) 0x51, (byte) 0xc3}; // inv count 50001: misbehaviour
            c.sendRaw(FrameEncoder.header(c.magic(), "inv", payload));
            c.sendRaw(payload);
            c.send(new Message.Ping(3));
            assertThat(c.expect(Message.Pong.class).nonce()).isEqualTo(3);
            assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
        }
    }

    @Test
    void unlistedPeersGetNoPermissions() throws Exception {
        NetWhitelistPermissions other = NetWhitelistPermissions.parse("10.0.0.0/8");
        try (TestNode node = new TestNode(new FakeChain(), c -> c.withWhitelist(List.of(other)));
             RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            Await.until("handshake", WAIT, () -> !node.net.peers().isEmpty());
            assertThat(node.net.peers().get(0).permissions()).isEmpty();
        }
    }

    @Test
    void netTotalsCountPartlyReceivedMessages() throws Exception {
        try (TestNode node = new TestNode(); RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            c.send(new Message.Ping(1));
            c.expect(Message.Pong.class);
            long before = node.net.netTotals().totalBytesRecv();
            byte[] header = FrameEncoder.header(c.magic(), "ping", new byte[8]);
            c.sendRaw(java.util.Arrays.copyOf(header, 12));
            Await.until("partial bytes counted", WAIT, () -> node.net.netTotals().totalBytesRecv() == before + 12);
            c.sendRaw(java.util.Arrays.copyOfRange(header, 12, header.length));
            c.sendRaw(new byte[8]);
            assertThat(c.expect(Message.Pong.class).nonce()).isZero();
            assertThat(node.net.netTotals().totalBytesRecv()).isEqualTo(before + 32);
        }
    }

    @Test
    void aShortPongCancelsTheOutstandingPing() throws Exception {
        try (TestNode node = new TestNode(); RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            c.expect(Message.Ping.class);
            Await.until("ping outstanding", WAIT, () -> !node.net.peers().isEmpty() && node.net.peers().get(0).pingWait().isPresent());
            c.sendRaw(FrameEncoder.header(c.magic(), "pong", new byte[0]));
            c.send(new Message.Ping(4));
            assertThat(c.expect(Message.Pong.class).nonce()).isEqualTo(4);
            assertThat(node.net.peers().get(0).pingWait()).isEmpty();
            assertThat(node.net.peers()).hasSize(1);
        }
    }

    @Test
    void transactionsAreRequestedWithoutWitnessFromPeersThatDoNotServeWitnesses() throws Exception {
        // p2p_segwit's old_node (NODE_NETWORK only, no wtxidrelay): bitcoind asks it with MSG_TX.
        Sha256Hash txid = Sha256Hash.wrap(new byte[32]);
        try (TestNode node = new TestNode(); RawClient c = new RawClient(node.address())) {
            c.handshake(false, false, ServiceFlags.NODE_NETWORK);
            c.send(new Message.Inv(List.of(new InvItem(InvType.MSG_TX, txid))));
            assertThat(c.expect(Message.GetData.class).items()).containsExactly(new InvItem(InvType.MSG_TX, txid));
        }
        try (TestNode node = new TestNode(); RawClient c = new RawClient(node.address())) {
            c.handshake(false, false, ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);
            c.send(new Message.Inv(List.of(new InvItem(InvType.MSG_TX, txid))));
            assertThat(c.expect(Message.GetData.class).items()).containsExactly(new InvItem(InvType.MSG_WITNESS_TX, txid));
        }
    }
}
