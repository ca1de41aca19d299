package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** getblockfrompeer's P2P part, as bitcoind's FetchBlock: one getdata to the named peer, its refusals. */
class FetchBlockTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The id of the peer connected after those in {@code known}. */
    private static long newPeerId(TestNode node, List<Long> known) {
        Await.until("peer connected", WAIT, () -> node.net.peers().size() > known.size());
        return node.net.peers().stream().map(PeerInfo::id).filter(i -> !known.contains(i)).findFirst().orElseThrow();
    }

    private static void assertRefused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(P2PException.class, e -> {
            assertThat(e.kind()).isEqualTo(P2PException.Kind.MISC);
            assertThat(e.getMessage()).isEqualTo(reason);
        });
    }

    @Test
    void aBlockOfAKnownHeaderIsAskedOfTheNamedPeerAndStoredWhenItArrives() throws Exception {
        // A side branch with less work than the node's chain: its headers are stored, its blocks never fetched.
        FakeChain side = new FakeChain();
        List<Block> branch = side.mine(2, 2);
        try (TestNode node = new TestNode(new FakeChain(), false);
             RawClient peer = new RawClient(node.address());
             RawClient preSegwit = new RawClient(node.address())) {
            node.fake().mine(5, 1);
            peer.handshake(true);
            long id = newPeerId(node, List.of());
            peer.send(new Message.Headers(branch.stream().map(Block::header).map(BlockHeader.class::cast).toList()));
            Await.until("side headers stored", WAIT, () -> node.chain.header(branch.get(1).hash()).isPresent());
            Block wanted = branch.get(0);

            assertRefused(() -> node.net.fetchBlock(id + 100, wanted.hash()), "Peer does not exist");
            assertRefused(() -> node.net.fetchBlock(-1, wanted.hash()), "Peer does not exist");

            node.net.fetchBlock(id, wanted.hash());
            Message.GetData asked = peer.expect(Message.GetData.class);
            assertThat(asked.items()).containsExactly(new InvItem(InvType.MSG_WITNESS_BLOCK, wanted.hash()));
            // Asking again forgets the earlier request first (bitcoind's RemoveBlockRequest), so the peer is asked again.
            node.net.fetchBlock(id, wanted.hash());
            assertThat(peer.expect(Message.GetData.class)).isEqualTo(asked);

            peer.send(new Message.BlockMessage(wanted, true));
            Await.until("fetched block stored", WAIT, () -> node.chain.haveBlock(wanted.hash()));
            assertThat(node.chain.tip().height()).isEqualTo(5);

            // A peer that does not offer NODE_WITNESS cannot send a block we could validate.
            preSegwit.handshake(true, true, 1);
            long preSegwitId = newPeerId(node, List.of(id));
            assertRefused(() -> node.net.fetchBlock(preSegwitId, branch.get(1).hash()), "Pre-SegWit peer");
        }
    }
}
