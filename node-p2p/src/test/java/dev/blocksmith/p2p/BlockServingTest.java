package dev.blocksmith.p2p;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which block requests are answered, as bitcoind's ProcessGetBlockData decides. */
class BlockServingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    private static void getBlock(RawClient c, Block b) throws IOException {
        c.send(new Message.GetData(List.of(new InvItem(InvType.MSG_BLOCK, b.hash()))));
    }

    /** The next block message, skipping announcements and the like; empty if the pong came first. */
    private static Optional<Message.BlockMessage> blockBeforePong(RawClient c, long nonce) throws IOException {
        c.send(new Message.Ping(nonce));
        while (true) {
            Message m = c.read();
            if (m instanceof Message.BlockMessage b) return Optional.of(b);
            if (m instanceof Message.Pong p && p.nonce() == nonce) return Optional.empty();
        }
    }

    /** BIP159: a pruning node serves 288 blocks plus two for races below its tip and disconnects a peer asking deeper. */
    @Test
    void aPruningNodeDisconnectsAPeerAskingBelowTheLimitedWindow() throws IOException {
        FakeChain chain = new FakeChain();
        chain.pruneMode(true);
        List<Block> blocks = chain.mine(295, 1);
        node = new TestNode(chain, true);
        int tip = chain.height();
        Block deepestServed = blocks.get(tip - 290 - 1); // blocks.get(i) is at height i + 1
        Block tooDeep = blocks.get(tip - 291 - 1);
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            getBlock(c, deepestServed);
            assertThat(blockBeforePong(c, 1)).map(b -> b.block().hash()).contains(deepestServed.hash());
            getBlock(c, tooDeep);
            assertThat(c.closedWithin(WAIT)).as("disconnected").isTrue();
        }
        assertThat(node.net.isDiscouraged(java.net.InetAddress.getLoopbackAddress())).isFalse();
    }

    @Test
    void aFullNodeServesEveryDepth() throws IOException {
        FakeChain chain = new FakeChain();
        List<Block> blocks = chain.mine(295, 1);
        node = new TestNode(chain, true);
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            getBlock(c, blocks.get(0));
            assertThat(blockBeforePong(c, 1)).map(b -> b.block().hash()).contains(blocks.get(0).hash());
        }
    }

    /** bitcoind's BlockRequestAllowed: a block it will not reveal (an old stale one) is not answered at all. */
    @Test
    void aWithheldBlockIsNotAnswered() throws IOException {
        FakeChain chain = new FakeChain();
        List<Block> blocks = chain.mine(3, 1);
        chain.withhold(blocks.get(1).hash());
        node = new TestNode(chain, true);
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            getBlock(c, blocks.get(1));
            assertThat(blockBeforePong(c, 1)).isEmpty();
            getBlock(c, blocks.get(2));
            assertThat(blockBeforePong(c, 2)).map(b -> b.block().hash()).contains(blocks.get(2).hash());
        }
    }
}
