package dev.blocksmith.p2p;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.time.NodeClock;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.p2p.sync.MempoolBackend;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bitcoind's trickled transaction announcements on the node clock (mempool_reorg drives them with
 * setmocktime): nothing is announced to an inbound peer until its Poisson-drawn send time has passed,
 * and a transaction is served on request only once an announcement made after it entered went out.
 */
class TxTrickleTest {
    private static final long T0 = 1_700_000_000L;

    @Test
    void announcementsWaitForTheTrickleTimeOfTheMockedClock() throws Exception {
        NodeClock clock = NodeClock.system();
        clock.setMockTime(T0);
        try (TestNode a = new TestNode(new FakeChain(), UnaryOperator.identity(), clock);
             RawClient peer = new RawClient(a.address())) {
            peer.handshake(false, true);
            pingRoundTrip(peer, 1); // verack processed: the first trickle drew the next send time
            Sha256Hash funding = Sha256Hash.fromHex("55".repeat(32));
            a.mempool.confirm(funding);
            Transaction tx = spend(funding, 7);
            assertThat(a.net.submitTransaction(tx)).isInstanceOf(MempoolBackend.TxResult.Accepted.class);

            // Time stands still: no announcement, and asking early gets notfound.
            assertThat(pingRoundTrip(peer, 2)).noneMatch(m -> m instanceof Message.Inv);
            PeerInfo info = a.net.peers().get(0);
            assertThat(info.invToSend()).isEqualTo(1);
            long sequenceBefore = info.lastInvSequence();
            peer.send(new Message.GetData(List.of(new InvItem(InvType.MSG_WTX, tx.wtxid()))));
            assertThat(peer.expect(Message.NotFound.class).items()).containsExactly(new InvItem(InvType.MSG_WTX, tx.wtxid()));

            // Five minutes later (far beyond any plausible draw of a 5 s mean) the trickle goes out.
            clock.setMockTime(T0 + 300);
            // As bitcoind's SendMessages after ProcessMessages, the announcement may follow the pong of the ping
            // that triggered it: a second round trip sees it in every order.
            List<Message> seen = new java.util.ArrayList<>(pingRoundTrip(peer, 3));
            seen.addAll(pingRoundTrip(peer, 4));
            assertThat(seen).filteredOn(m -> m instanceof Message.Inv)
                    .singleElement().satisfies(m -> assertThat(((Message.Inv) m).items())
                            .containsExactly(new InvItem(InvType.MSG_WTX, tx.wtxid())));
            info = a.net.peers().get(0);
            assertThat(info.invToSend()).isZero();
            assertThat(info.lastInvSequence()).isGreaterThan(sequenceBefore);
            peer.send(new Message.GetData(List.of(new InvItem(InvType.MSG_WTX, tx.wtxid()))));
            assertThat(peer.expect(Message.Tx.class).transaction()).isEqualTo(tx);
        }
    }

    @Test
    void nobanPeersHearAtOnce() throws Exception {
        NodeClock clock = NodeClock.system();
        clock.setMockTime(T0);
        var permission = dev.blocksmith.p2p.peer.NetWhitelistPermissions.parse("noban@127.0.0.1");
        UnaryOperator<P2PConfig> noban = c -> c.withWhitelist(List.of(permission));
        try (TestNode a = new TestNode(new FakeChain(), noban, clock);
             RawClient peer = new RawClient(a.address())) {
            peer.handshake(false, false);
            pingRoundTrip(peer, 1);
            Sha256Hash funding = Sha256Hash.fromHex("66".repeat(32));
            a.mempool.confirm(funding);
            Transaction tx = spend(funding, 8);
            a.net.submitTransaction(tx);
            // Without a txid-relay peer's BIP339 negotiation the announcement is by txid.
            assertThat(peer.expect(Message.Inv.class).items()).containsExactly(new InvItem(InvType.MSG_TX, tx.txid()));
        }
    }

    @Test
    void peerInfoBeforeVersionReportsNoTransactionRelay() throws Exception {
        try (TestNode a = new TestNode(); RawClient peer = new RawClient(a.address())) {
            dev.blocksmith.p2p.testing.Await.until("connected", java.time.Duration.ofSeconds(30), () -> a.net.peers().size() == 1);
            PeerInfo info = a.net.peers().get(0);
            assertThat(info.lastInvSequence()).isZero();
            assertThat(info.invToSend()).isZero();
            peer.handshake(false, true);
            pingRoundTrip(peer, 1);
            // bitcoind starts m_last_inv_sequence at 1 once relay is set up; the first trickle updates it.
            assertThat(a.net.peers().get(0).lastInvSequence()).isPositive();
        }
    }

    /** Sends a ping and returns everything received up to its pong. */
    private static List<Message> pingRoundTrip(RawClient peer, long nonce) throws IOException {
        peer.send(new Message.Ping(nonce));
        List<Message> seen = new ArrayList<>();
        while (true) {
            Message m = peer.read();
            if (m instanceof Message.Pong p && p.nonce() == nonce) return seen;
            seen.add(m);
        }
    }

    private static Transaction spend(Sha256Hash txid, int tag) {
        return new Transaction(2, List.of(new TxIn(new OutPoint(txid, 0), Script.of(new byte[]{0x51}), TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(1000 + tag, Script.of(new byte[]{0x51}))), 0);
    }
}
