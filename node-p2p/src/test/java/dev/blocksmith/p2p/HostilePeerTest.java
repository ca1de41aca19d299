package dev.blocksmith.p2p;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.p2p.codec.FrameEncoder;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node under attack from raw-socket peers: every offence must end in disconnect and discouragement of
 * the address, while an honest peer stays connected and keeps syncing.
 */
class HostilePeerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
    private TestNode node;
    private TestNode honest;

    @BeforeEach
    void start() {
        node = new TestNode(new FakeChain(), true);
        node.fake().mine(5, 1);
        honest = new TestNode();
        honest.net.addNode(node.target(), AddNodeAction.ADD);
        Await.until("honest peer synced", WAIT, () -> honest.chain.tip().equals(node.chain.tip()));
    }

    @AfterEach
    void stop() {
        honest.close();
        node.close();
    }

    /** bitcoind closes connections that break the framing, without discouraging the address. */
    private void assertDisconnectedNotDiscouraged(RawClient c) throws IOException {
        assertThat(c.closedWithin(WAIT)).as("connection closed").isTrue();
        assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
        node.fake().mine(1, 1);
        Await.until("honest peer follows", WAIT, () -> honest.chain.tip().equals(node.chain.tip()));
    }

    private void assertPunishedAndHealthy(RawClient c) throws IOException {
        assertThat(c.closedWithin(WAIT)).as("connection closed").isTrue();
        Await.until("discouraged", WAIT, () -> node.net.isDiscouraged(LOCALHOST));
        // The honest peer is untouched and still follows the chain.
        node.fake().mine(1, 1);
        Await.until("honest peer follows", WAIT, () -> honest.chain.tip().equals(node.chain.tip()));
        assertThat(node.net.peers()).anyMatch(p -> p.inbound());
        node.net.clearBanned();
        assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
    }

    @Test
    void garbageBytes() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertDisconnectedNotDiscouraged(c);
        }
    }

    @Test
    void wrongMagic() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            byte[] payload = new byte[8];
            byte[] header = FrameEncoder.header(new byte[]{(byte) 0xf9, (byte) 0xbe, (byte) 0xb4, (byte) 0xd9}, "ping", payload);
            c.sendRaw(header);
            c.sendRaw(payload);
            assertDisconnectedNotDiscouraged(c);
        }
    }

    /** bitcoind drops a message with a bad checksum and keeps the connection. */
    @Test
    void badChecksumIsDroppedOnly() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            byte[] payload = new byte[8];
            byte[] header = FrameEncoder.header(c.magic(), "ping", payload);
            header[23] ^= 0x55;
            c.sendRaw(header);
            c.sendRaw(payload);
            c.send(new Message.Ping(9));
            assertThat(c.expect(Message.Pong.class).nonce()).isEqualTo(9);
            assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
        }
    }

    @Test
    void oversizedLengthField() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            byte[] header = FrameEncoder.header(c.magic(), "block", new byte[0]);
            int len = 33 * 1024 * 1024;
            header[16] = (byte) len;
            header[17] = (byte) (len >>> 8);
            header[18] = (byte) (len >>> 16);
            header[19] = (byte) (len >>> 24);
            c.sendRaw(header); // no payload follows: the node must not wait for it
            assertDisconnectedNotDiscouraged(c);
        }
    }

    @Test
    void undecodablePayload() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            byte[] payload = {(byte) 0xfd, (byte) 0x51, (byte) 0xc3}; // inv count 50001 (> MAX_INV_SZ), no items
            c.sendRaw(FrameEncoder.header(c.magic(), "inv", payload));
            c.sendRaw(payload);
            assertPunishedAndHealthy(c);
        }
    }

    /** bitcoind 30 answers headers that never connect with getheaders, without punishing the peer. */
    @Test
    void headersThatNeverConnectAreAnsweredNotPunished() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            FakeChain elsewhere = new FakeChain();
            elsewhere.mine(3, 9);
            BlockHeader orphanHeader = elsewhere.nextBlock(elsewhere.tip().hash(), 9, List.of()).header();
            c.expect(Message.GetHeaders.class); // the initial headers sync
            for (int i = 0; i < 12; i++) {
                c.send(new Message.Headers(List.of())); // answers the previous getheaders
                c.send(new Message.Headers(List.of(orphanHeader)));
                assertThat(c.expect(Message.GetHeaders.class).locator().get(0)).isEqualTo(node.chain.bestHeader().hash());
            }
            c.send(new Message.Ping(8));
            assertThat(c.expect(Message.Pong.class).nonce()).isEqualTo(8);
            assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
        }
    }

    /**
     * bitcoind's anti-DoS work threshold: a fork whose work is below the tip's minus 144 blocks' worth is
     * not stored (no penalty), while one with work equal to the tip is stored.
     */
    @Test
    void oldLowWorkForksAreNotStoredButEqualWorkForksAre() throws IOException {
        node.fake().mine(150, 1);
        int height = node.chain.tip().height();
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            FakeChain fork = new FakeChain();
            List<BlockHeader> headers = new ArrayList<>(fork.mine(3, 42).stream().map(Block::header).toList());
            c.send(new Message.Headers(headers));
            c.send(new Message.Ping(5));
            assertThat(c.expect(Message.Pong.class).nonce()).isEqualTo(5);
            assertThat(node.chain.header(headers.get(0).hash())).isEmpty();
            // The same fork grown to exactly the tip's height (and work): stored.
            headers.addAll(fork.mine(height - 3, 42).stream().map(Block::header).toList());
            c.send(new Message.Headers(headers));
            c.send(new Message.Ping(6));
            assertThat(c.expect(Message.Pong.class).nonce()).isEqualTo(6);
            assertThat(node.chain.header(headers.get(headers.size() - 1).hash())).isPresent()
                    .hasValueSatisfying(e -> assertThat(e.chainWork()).isEqualTo(node.chain.tip().chainWork()));
            assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
        }
    }

    @Test
    void headerWithoutProofOfWork() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            Block good = node.fake().nextBlock(node.chain.tip().hash(), 7, List.of());
            BlockHeader bad = good.header();
            while (dev.blocksmith.core.consensus.Difficulty.checkProofOfWork(bad.hash(), bad.bits(), node.chain.params().powLimit())) {
                bad = bad.withNonce(bad.nonce() + 1);
            }
            c.send(new Message.Headers(List.of(bad)));
            assertPunishedAndHealthy(c);
        }
    }

    @Test
    void invalidBlock() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            Block good = node.fake().nextBlock(node.chain.tip().hash(), 7, List.of());
            Block other = node.fake().nextBlock(node.chain.tip().hash(), 8, List.of());
            // The header of one block with the transactions of another: bad merkle root.
            Block mutated = new Block(good.header(), other.transactions());
            c.send(new Message.BlockMessage(mutated, false));
            assertPunishedAndHealthy(c);
        }
    }

    /** bitcoind has no ping rate limit: a burst of pings is answered in full. */
    @Test
    void pingBurstIsAnswered() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            for (int i = 1; i <= 200; i++) c.send(new Message.Ping(i));
            long last = 0;
            while (last != 200) last = c.expect(Message.Pong.class).nonce();
            assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
        }
    }

    @Test
    void manualBanDisconnectsAndExpires() throws Exception {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            node.net.setBan("127.0.0.1", true, 0, false);
            assertThat(c.closedWithin(WAIT)).isTrue();
            assertThat(node.net.listBanned()).singleElement().satisfies(e -> assertThat(e.address()).isEqualTo("127.0.0.1/32"));
            assertThatThrown(() -> node.net.setBan("127.0.0.1", true, 0, false), P2PException.Kind.ALREADY_BANNED);
            node.net.setBan("127.0.0.1", false, 0, false);
            assertThat(node.net.listBanned()).isEmpty();
            assertThatThrown(() -> node.net.setBan("not-an-ip", true, 0, false), P2PException.Kind.INVALID_IP_OR_SUBNET);
            // bitcoind refuses an absolute ban time in the past; a short ban expires.
            long past = System.currentTimeMillis() / 1000 - 1;
            assertThatThrown(() -> node.net.setBan("10.0.0.0/8", true, past, true), P2PException.Kind.INVALID_PARAMETER);
            node.net.setBan("10.0.0.0/8", true, System.currentTimeMillis() / 1000 + 1, true);
            Await.until("ban expired", WAIT, () -> node.net.listBanned().isEmpty());
            // A single address inside a banned subnet counts as banned; an onion address can be banned too.
            node.net.setBan("192.168.0.0/16", true, 0, false);
            assertThatThrown(() -> node.net.setBan("192.168.1.1", true, 0, false), P2PException.Kind.ALREADY_BANNED);
            node.net.setBan("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion", true, 0, false);
            assertThat(node.net.listBanned()).extracting(e -> e.address())
                    .containsExactly("192.168.0.0/16", "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
            node.net.clearBanned();
        }
    }

    private static void assertThatThrown(Runnable r, P2PException.Kind kind) {
        try {
            r.run();
        } catch (P2PException e) {
            assertThat(e.kind()).isEqualTo(kind);
            return;
        }
        throw new AssertionError("expected " + kind);
    }

    @Test
    void unknownCommandsAndMessagesBeforeVersionAreIgnored() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            byte[] payload = new byte[]{1, 2, 3};
            c.sendRaw(FrameEncoder.header(c.magic(), "futurecmd", payload));
            c.sendRaw(payload);
            c.send(new Message.Ping(1)); // before version: ignored, as Core
            c.handshake(false);
            c.sendRaw(FrameEncoder.header(c.magic(), "futurecmd", payload));
            c.sendRaw(payload);
            c.send(new Message.Ping(77));
            assertThat(c.expect(Message.Pong.class).nonce()).isEqualTo(77);
            assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
        }
    }

    @Test
    void negotiationMessagesAfterVerackDisconnectWithoutDiscouraging() throws IOException {
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            c.send(new Message.SendAddrV2());
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            c.send(new Message.WtxidRelay());
            assertThat(c.closedWithin(WAIT)).isTrue();
        }
        assertThat(node.net.isDiscouraged(LOCALHOST)).isFalse();
    }

}
