package dev.blocksmith.p2p;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.p2p.sync.SyncManager;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelDownloadTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** More blocks than one download window, so that the window has to advance. */
    private static final int LONG_CHAIN = SyncManager.DOWNLOAD_WINDOW + 500;

    @Test
    void blocksAreFetchedFromSeveralPeers() {
        try (TestNode a = new TestNode(); TestNode b = new TestNode(); TestNode c = new TestNode()) {
            a.fake().mine(400, 1);
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("b synced", WAIT, () -> b.chain.tip().equals(a.chain.tip()));
            c.net.addNode(a.target(), AddNodeAction.ADD);
            c.net.addNode(b.target(), AddNodeAction.ADD);
            Await.until("c synced", WAIT, () -> c.chain.tip().equals(a.chain.tip()));
            List<PeerInfo> peers = c.net.peers();
            assertThat(peers).hasSize(2);
            // Both peers served blocks (16 in flight per peer spreads a 400-block download).
            assertThat(peers).allSatisfy(p -> assertThat(p.bytesRecvPerMsg()).containsKey("block"));
        }
    }

    @Test
    void downloadWindowMovesAcrossALongChain() {
        try (TestNode a = new TestNode(); TestNode b = new TestNode()) {
            a.fake().mine(LONG_CHAIN, 1);
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("synced past the 1024-block window", WAIT, () -> b.chain.tip().equals(a.chain.tip()));
            assertThat(b.chain.tip().height()).isEqualTo(LONG_CHAIN);
        }
    }

    @Test
    void peerThatNeverDeliversIsDroppedAndItsBlocksRefetched() throws Exception {
        FakeChain source = new FakeChain();
        source.mine(60, 1);
        try (TestNode honest = new TestNode(source, false);
             TestNode node = new TestNode(new FakeChain(), c -> c.withTimeouts(Duration.ofSeconds(60), Duration.ofMinutes(2),
                     Duration.ofMinutes(20), Duration.ofSeconds(2), Duration.ofSeconds(1)));
             RawClient staller = new RawClient(node.address())) {
            staller.handshake(true);
            List<BlockHeader> headers = new ArrayList<>();
            for (int h = 1; h <= 60; h++) headers.add(source.header(source.bestHeaderHashAt(h).orElseThrow()).orElseThrow().header());
            staller.send(new Message.Headers(headers));
            Message.GetData asked = staller.expect(Message.GetData.class);
            assertThat(asked.items()).hasSize(16).allSatisfy(i -> assertThat(i.type()).isEqualTo(InvType.MSG_WITNESS_BLOCK));
            // The staller never answers; an honest peer joins.
            node.net.addNode(honest.target(), AddNodeAction.ADD);
            assertThat(staller.closedWithin(WAIT)).isTrue();
            Await.until("synced from the honest peer", WAIT, () -> node.chain.tip().equals(source.tip()));
        }
    }


    @Test
    void blocksAnsweredWithNotFoundAreFetchedElsewhereAtOnce() throws Exception {
        FakeChain source = new FakeChain();
        source.mine(40, 1);
        try (TestNode honest = new TestNode(source, false);
             TestNode node = new TestNode(new FakeChain(), false);
             RawClient pruned = new RawClient(node.address())) {
            pruned.handshake(true);
            List<BlockHeader> headers = new ArrayList<>();
            for (int h = 1; h <= 40; h++) headers.add(source.header(source.bestHeaderHashAt(h).orElseThrow()).orElseThrow().header());
            pruned.send(new Message.Headers(headers));
            Message.GetData asked = pruned.expect(Message.GetData.class);
            node.net.addNode(honest.target(), AddNodeAction.ADD);
            pruned.send(new Message.NotFound(asked.items()));
            // Every later request is answered the same way; well before the 30 s block download timeout
            // the blocks come from the honest peer.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!node.chain.tip().equals(source.tip())) {
                assertThat(System.nanoTime()).as("synced in time").isLessThan(deadline);
                var m = pruned.poll(Duration.ofMillis(100));
                if (m.isPresent() && m.get() instanceof Message.GetData g) pruned.send(new Message.NotFound(g.items()));
            }
            assertThat(pruned.closedWithin(Duration.ofMillis(300))).isFalse();
        }
    }
}
