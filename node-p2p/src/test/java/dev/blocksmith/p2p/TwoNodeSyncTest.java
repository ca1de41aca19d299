package dev.blocksmith.p2p;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.p2p.sync.MempoolBackend;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TwoNodeSyncTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void handshakeExchangesVersionsAndFeatures() throws Exception {
        try (TestNode a = new TestNode(); TestNode b = new TestNode()) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("handshake", WAIT, () -> a.net.peers().size() == 1 && b.net.peers().size() == 1
                    && b.net.peers().get(0).version() == 70016 && a.net.peers().get(0).version() == 70016);
            Await.until("pong", WAIT, () -> b.net.peers().get(0).pingTime().isPresent());
            PeerInfo fromB = b.net.peers().get(0);
            PeerInfo fromA = a.net.peers().get(0);
            assertThat(fromB.inbound()).isFalse();
            assertThat(fromB.connectionType()).isEqualTo("manual");
            assertThat(fromA.inbound()).isTrue();
            assertThat(fromA.connectionType()).isEqualTo("inbound");
            assertThat(fromB.subver()).isEqualTo("/Blocksmith:0.1.0/");
            assertThat(fromB.servicesNames()).containsExactly("NETWORK", "WITNESS", "NETWORK_LIMITED");
            assertThat(fromB.wtxidRelay()).isTrue();
            assertThat(fromB.sendAddrV2()).isTrue();
            assertThat(fromB.bytesSentPerMsg()).containsKeys("version", "verack", "wtxidrelay", "sendaddrv2", "sendheaders", "ping", "getheaders");
            assertThat(fromB.addr()).isEqualTo(a.target());
            assertThat(b.net.addedNodeInfo(Optional.empty())).singleElement().satisfies(i -> assertThat(i.connected()).isTrue());
            assertThat(b.net.netTotals().totalBytesSent()).isPositive();
        }
    }

    @Test
    void headersFirstSyncOf300Blocks() {
        try (TestNode a = new TestNode(); TestNode b = new TestNode()) {
            a.fake().mine(300, 1);
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("b synced to 300", WAIT, () -> b.chain.tip().height() == 300);
            assertThat(b.chain.tip().hash()).isEqualTo(a.chain.tip().hash());
            PeerInfo fromB = b.net.peers().get(0);
            assertThat(fromB.bytesRecvPerMsg()).containsKeys("headers", "block");
            assertThat(fromB.syncedHeaders()).isEqualTo(300);
        }
    }

    @Test
    void newBlocksAreAnnouncedAndReorgFollowsMostWork() {
        try (TestNode a = new TestNode(); TestNode b = new TestNode()) {
            a.fake().mine(20, 1);
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("initial sync", WAIT, () -> b.chain.tip().height() == 20);

            // One new block at a time is announced with a headers message (BIP130), both ways.
            a.fake().mine(1, 1);
            Await.until("b follows a", WAIT, () -> b.chain.tip().equals(a.chain.tip()));
            b.fake().mine(1, 2);
            Await.until("a follows b", WAIT, () -> a.chain.tip().equals(b.chain.tip()));
            assertThat(a.net.peers().get(0).bytesRecvPerMsg()).containsKey("headers");

            // Partition, let both extend, then b's heavier branch (12 blocks > 2) must win on both nodes.
            b.net.addNode(a.target(), AddNodeAction.REMOVE);
            b.net.disconnectNode(Optional.empty(), Optional.of(b.net.peers().get(0).id()));
            Await.until("disconnected", WAIT, () -> a.net.connectionCount() == 0);
            List<Block> aBranch = a.fake().mine(2, 11);
            b.fake().mine(12, 22);
            b.net.addNode(a.target(), AddNodeAction.ONETRY);
            Await.until("a reorgs to b's branch", WAIT, () -> a.chain.tip().equals(b.chain.tip()));
            assertThat(a.chain.tip().height()).isEqualTo(34);
            assertThat(a.chain.bestHeaderHashAt(23)).isNotEqualTo(Optional.of(aBranch.get(1).hash()));
        }
    }

    @Test
    void announcementsUseInvWithoutSendHeadersAndHeadersWithIt() throws Exception {
        try (TestNode a = new TestNode(); RawClient inv = new RawClient(a.address()); RawClient hdr = new RawClient(a.address())) {
            inv.handshake(false);
            hdr.handshake(true);
            Await.until("both handshaken", WAIT, () -> a.net.peers().stream().filter(p -> p.bytesRecvPerMsg().containsKey("verack")).count() == 2
                    && a.net.peers().stream().anyMatch(p -> p.bytesRecvPerMsg().containsKey("sendheaders")));
            // bitcoind announces with headers only blocks whose parent the peer has: hdr learns our tip first.
            hdr.send(new Message.GetHeaders(70016, List.of(a.chain.tip().hash()), Sha256Hash.ZERO));
            hdr.expect(Message.Headers.class);
            Sha256Hash mined = a.fake().mine(1, 1).get(0).hash();
            Message.Inv got = inv.expect(Message.Inv.class);
            assertThat(got.items()).containsExactly(new InvItem(InvType.MSG_BLOCK, mined));
            Message.Headers headers = hdr.expect(Message.Headers.class);
            assertThat(headers.headers()).singleElement().satisfies(h -> assertThat(h.hash()).isEqualTo(mined));
            // A getdata for the announced block is answered with the block, never an unrequested one.
            inv.send(new Message.GetData(List.of(new InvItem(InvType.MSG_WITNESS_BLOCK, mined))));
            assertThat(inv.expect(Message.BlockMessage.class).block().hash()).isEqualTo(mined);
            inv.send(new Message.GetData(List.of(new InvItem(InvType.MSG_BLOCK, Sha256Hash.ZERO))));
            assertThat(inv.expect(Message.NotFound.class).items()).hasSize(1);
        }
    }

    @Test
    void blockAnnouncedByInvIsFetchedThroughHeaders() throws Exception {
        try (TestNode a = new TestNode(); TestNode source = new TestNode(); RawClient c = new RawClient(a.address())) {
            c.handshake(false);
            Block block = source.fake().mine(1, 5).get(0);
            c.send(new Message.Inv(List.of(new InvItem(InvType.MSG_BLOCK, block.hash()))));
            c.expect(Message.GetHeaders.class);
            c.send(new Message.Headers(List.of(block.header())));
            Message.GetData req = c.expect(Message.GetData.class);
            assertThat(req.items()).containsExactly(new InvItem(InvType.MSG_WITNESS_BLOCK, block.hash()));
            c.send(new Message.BlockMessage(block, true));
            Await.until("a connects the block", WAIT, () -> a.chain.tip().hash().equals(block.hash()));
        }
    }

    @Test
    void getBlocksIsAnsweredWithInvAndContinuation() throws Exception {
        try (TestNode a = new TestNode(); RawClient c = new RawClient(a.address())) {
            a.fake().mine(501, 1);
            c.handshake(false);
            c.send(new Message.GetBlocks(70016, List.of(a.chain.params().genesisHash()), Sha256Hash.ZERO));
            Message.Inv inv = c.expect(Message.Inv.class);
            assertThat(inv.items()).hasSize(500);
            Sha256Hash last = inv.items().get(499).hash();
            assertThat(a.chain.bestHeaderHashAt(500)).contains(last);
            c.send(new Message.GetData(List.of(new InvItem(InvType.MSG_BLOCK, last))));
            c.expect(Message.BlockMessage.class);
            // hashContinue: the tip is announced so that the peer asks for the next batch.
            assertThat(c.expect(Message.Inv.class).items()).containsExactly(new InvItem(InvType.MSG_BLOCK, a.chain.tip().hash()));
            // getheaders with an empty locator returns just the stop-hash header.
            c.send(new Message.GetHeaders(70016, List.of(), last));
            assertThat(c.expect(Message.Headers.class).headers()).singleElement().satisfies(h -> assertThat(h.hash()).isEqualTo(last));
            c.send(new Message.GetHeaders(70016, List.of(a.chain.params().genesisHash()), Sha256Hash.ZERO));
            assertThat(c.expect(Message.Headers.class).headers()).hasSize(501);
        }
    }

    @Test
    void transactionsRelayByWtxidAndOrphansWaitForParents() {
        try (TestNode a = new TestNode(); TestNode b = new TestNode()) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("handshake", WAIT, () -> b.net.peers().size() == 1 && b.net.peers().get(0).bytesRecvPerMsg().containsKey("verack")
                    && a.net.peers().size() == 1 && a.net.peers().get(0).bytesRecvPerMsg().containsKey("verack"));
            Sha256Hash funding = Sha256Hash.fromHex("11".repeat(32));
            a.mempool.confirm(funding);
            b.mempool.confirm(funding);
            Transaction parent = spend(funding, 1);
            Transaction child = spend(parent.txid(), 2);
            assertThat(a.net.submitTransaction(parent)).isInstanceOf(MempoolBackend.TxResult.Accepted.class);
            Await.until("parent relayed", WAIT, () -> b.mempool.contains(parent.wtxid()));
            assertThat(a.net.submitTransaction(child)).isInstanceOf(MempoolBackend.TxResult.Accepted.class);
            Await.until("child relayed", WAIT, () -> b.mempool.contains(child.txid()));
            assertThat(b.net.peers().get(0).bytesRecvPerMsg()).containsKey("tx");
            // A transaction put into the mempool by another component is relayed on request.
            Transaction walletTx = spend(funding, 9);
            assertThat(a.mempool.accept(walletTx)).isInstanceOf(MempoolBackend.TxResult.Accepted.class);
            a.net.announceTransaction(walletTx);
            Await.until("wallet tx relayed", WAIT, () -> b.mempool.contains(walletTx.txid()));
        }
    }

    @Test
    void orphanIsAcceptedWhenItsParentArrives() throws Exception {
        try (TestNode a = new TestNode(); RawClient c = new RawClient(a.address())) {
            c.handshake(false);
            Sha256Hash funding = Sha256Hash.fromHex("22".repeat(32));
            a.mempool.confirm(funding);
            Transaction parent = spend(funding, 3);
            Transaction child = spend(parent.txid(), 4);
            c.send(new Message.Inv(List.of(new InvItem(InvType.MSG_WTX, child.wtxid()))));
            assertThat(c.expect(Message.GetData.class).items()).containsExactly(new InvItem(InvType.MSG_WTX, child.wtxid()));
            c.send(new Message.Tx(child, true));
            c.send(new Message.Inv(List.of(new InvItem(InvType.MSG_WTX, parent.wtxid()))));
            c.expect(Message.GetData.class);
            assertThat(a.mempool.contains(child.txid())).isFalse();
            c.send(new Message.Tx(parent, true));
            Await.until("orphan resolved", WAIT, () -> a.mempool.contains(child.txid()) && a.mempool.contains(parent.txid()));
        }
    }

    /**
     * bitcoind's TX_WITNESS_STRIPPED (p2p_segwit): a transaction rejected because it came without its
     * witness is not remembered as rejected - the txid also names the transaction with its witness - so it
     * is fetched and checked again; any other rejection keeps it from being fetched again.
     */
    @Test
    void aWitnessStrippedTransactionIsNotRememberedAsRejected() throws Exception {
        try (TestNode a = new TestNode(); RawClient c = new RawClient(a.address())) {
            c.handshake(false, false);
            Transaction stripped = spend(Sha256Hash.fromHex("33".repeat(32)), 5);
            Transaction invalid = spend(Sha256Hash.fromHex("44".repeat(32)), 6);
            a.mempool.outcome(stripped.txid(), new MempoolBackend.TxResult.Rejected("mempool-script-verify-flag-failed", MempoolBackend.RejectKind.WITNESS_STRIPPED));
            a.mempool.outcome(invalid.txid(), new MempoolBackend.TxResult.Rejected("mempool-script-verify-flag-failed"));
            c.send(new Message.Tx(stripped, false));
            c.send(new Message.Tx(invalid, false));
            Await.until("both checked", WAIT, () -> a.mempool.submissions(stripped.txid()) == 1 && a.mempool.submissions(invalid.txid()) == 1);

            c.send(new Message.Inv(List.of(new InvItem(InvType.MSG_TX, invalid.txid()), new InvItem(InvType.MSG_TX, stripped.txid()))));
            assertThat(c.expect(Message.GetData.class).items()).extracting(InvItem::hash).containsExactly(stripped.txid());
            c.send(new Message.Tx(stripped, false));
            c.send(new Message.Tx(invalid, false));
            Await.until("the stripped one checked again", WAIT, () -> a.mempool.submissions(stripped.txid()) == 2);
            c.send(new Message.Ping(7));
            c.expect(Message.Pong.class);
            assertThat(a.mempool.submissions(invalid.txid())).isEqualTo(1);
        }
    }

    /**
     * bitcoind's TX_INPUTS_NOT_STANDARD (p2p_segwit's test_segwit_versions): the failure does not depend on
     * the witness, so a txid announcement of that transaction is no longer fetched; after any other failure
     * of a witness transaction only its wtxid is remembered, so the txid may still be fetched (the witness
     * may have been the problem).
     */
    @Test
    void onlyAWitnessIndependentRejectionBlocksTheTxid() throws Exception {
        try (TestNode a = new TestNode(); RawClient c = new RawClient(a.address())) {
            c.handshake(false, false);
            Transaction nonstandard = withWitness(spend(Sha256Hash.fromHex("55".repeat(32)), 7));
            Transaction badWitness = withWitness(spend(Sha256Hash.fromHex("66".repeat(32)), 8));
            a.mempool.outcome(nonstandard.txid(), new MempoolBackend.TxResult.Rejected("bad-txns-nonstandard-inputs",
                    MempoolBackend.RejectKind.INPUTS_NOT_STANDARD));
            a.mempool.outcome(badWitness.txid(), new MempoolBackend.TxResult.Rejected("bad-witness-nonstandard"));
            c.send(new Message.Tx(nonstandard, true));
            c.send(new Message.Tx(badWitness, true));
            Await.until("both checked", WAIT, () -> a.mempool.submissions(nonstandard.txid()) == 1 && a.mempool.submissions(badWitness.txid()) == 1);

            c.send(new Message.Inv(List.of(new InvItem(InvType.MSG_TX, nonstandard.txid()), new InvItem(InvType.MSG_TX, badWitness.txid()))));
            assertThat(c.expect(Message.GetData.class).items()).extracting(InvItem::hash).containsExactly(badWitness.txid());
        }
    }

    private static Transaction withWitness(Transaction tx) {
        TxIn in = tx.input(0).withWitness(Witness.of(new byte[]{1}));
        return new Transaction(tx.version(), List.of(in), tx.outputs(), tx.lockTime());
    }

    /**
     * bitcoind's orphan resolution (p2p_segwit's test_wtxid_relay): the missing parent of an orphan is
     * requested by txid (MSG_WITNESS_TX from a witness peer) from the peer that sent it, even a wtxid-relay
     * peer, and the orphan is accepted once the parent arrives.
     */
    @Test
    void anOrphansMissingParentIsRequestedByTxidFromItsSender() throws Exception {
        try (TestNode a = new TestNode(); RawClient c = new RawClient(a.address())) {
            c.handshake(false);
            Sha256Hash funding = Sha256Hash.fromHex("77".repeat(32));
            a.mempool.confirm(funding);
            Transaction parent = spend(funding, 9);
            Transaction child = withWitness(spend(parent.txid(), 10));
            c.send(new Message.Tx(child, true));
            assertThat(c.expect(Message.GetData.class).items()).containsExactly(new InvItem(InvType.MSG_WITNESS_TX, parent.txid()));
            c.send(new Message.Tx(parent, true));
            Await.until("orphan resolved", WAIT, () -> a.mempool.contains(child.txid()) && a.mempool.contains(parent.txid()));
        }
    }

    @Test
    void announcementsFollowWtxidNegotiationAndFeeFilters() throws Exception {
        // noban peers get announcements without the inbound trickle's wait (5 s on average; TxTrickleTest covers it).
        dev.blocksmith.p2p.peer.NetWhitelistPermissions noban = dev.blocksmith.p2p.peer.NetWhitelistPermissions.parse("noban@127.0.0.1");
        try (TestNode a = new TestNode(new dev.blocksmith.p2p.testing.FakeChain(), c -> c.withWhitelist(List.of(noban)));
             RawClient byTxid = new RawClient(a.address());
             RawClient byWtxid = new RawClient(a.address());
             RawClient picky = new RawClient(a.address())) {
            byTxid.handshake(false, false);
            byWtxid.handshake(false, true);
            picky.handshake(false, true);
            picky.send(new Message.FeeFilter(5000)); // above the 2000 sat/kvB that the fake mempool reports
            Await.until("handshakes and fee filter received", WAIT,
                    () -> a.net.peers().stream().filter(p -> p.bytesRecvPerMsg().containsKey("verack")).count() == 3
                            && a.net.peers().stream().anyMatch(p -> p.bytesRecvPerMsg().containsKey("feefilter")));
            Sha256Hash funding = Sha256Hash.fromHex("33".repeat(32));
            a.mempool.confirm(funding);
            Transaction tx = spend(funding, 5);
            a.net.submitTransaction(tx);
            assertThat(byTxid.expect(Message.Inv.class).items()).containsExactly(new InvItem(InvType.MSG_TX, tx.txid()));
            assertThat(byWtxid.expect(Message.Inv.class).items()).containsExactly(new InvItem(InvType.MSG_WTX, tx.wtxid()));
            byTxid.send(new Message.GetData(List.of(new InvItem(InvType.MSG_TX, tx.txid()))));
            assertThat(byTxid.expect(Message.Tx.class).transaction()).isEqualTo(tx);
            // The picky peer gets nothing: a ping round trip proves no inv was queued before the pong.
            picky.send(new Message.Ping(99));
            Message m;
            while (!((m = picky.read()) instanceof Message.Pong)) assertThat(m).isNotInstanceOf(Message.Inv.class);
        }
    }

    @Test
    void aTransactionAcceptedElsewhereIsAnnouncedAndServedOnRequest() throws Exception {
        // A noban peer gets announcements at once (bitcoind); others wait for the trickle (TxTrickleTest).
        dev.blocksmith.p2p.peer.NetWhitelistPermissions noban = dev.blocksmith.p2p.peer.NetWhitelistPermissions.parse("noban@127.0.0.1");
        try (TestNode a = new TestNode(new dev.blocksmith.p2p.testing.FakeChain(), c -> c.withWhitelist(List.of(noban)));
             RawClient peer = new RawClient(a.address())) {
            peer.handshake(false, true);
            // A ping round trip: the node has processed the verack before it answers.
            peer.send(new Message.Ping(7));
            while (!(peer.read() instanceof Message.Pong)) {
                // skip the node's own post-handshake messages
            }
            Sha256Hash funding = Sha256Hash.fromHex("44".repeat(32));
            a.mempool.confirm(funding);
            Transaction tx = spend(funding, 6);
            // As sendrawtransaction does: accepted with the caller's options first, then only announced.
            assertThat(a.mempool.accept(tx)).isInstanceOf(MempoolBackend.TxResult.Accepted.class);
            a.net.announceTransaction(tx);
            assertThat(peer.expect(Message.Inv.class).items()).containsExactly(new InvItem(InvType.MSG_WTX, tx.wtxid()));
            assertThat(a.mempool.wasServed(tx.txid())).isFalse();
            peer.send(new Message.GetData(List.of(new InvItem(InvType.MSG_WTX, tx.wtxid()))));
            assertThat(peer.expect(Message.Tx.class).transaction()).isEqualTo(tx);
            Await.until("served", WAIT, () -> a.mempool.wasServed(tx.txid()));
        }
    }

    private static Transaction spend(Sha256Hash txid, int tag) {
        return new Transaction(2, List.of(new TxIn(new OutPoint(txid, 0), Script.of(new byte[]{0x51}), TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(1000 + tag, Script.of(new byte[]{0x51}))), 0);
    }
}
