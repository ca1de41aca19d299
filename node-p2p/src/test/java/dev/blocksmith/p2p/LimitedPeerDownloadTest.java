package dev.blocksmith.p2p;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.ServiceFlags;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bitcoind's FindNextBlocksToDownload with a NODE_NETWORK_LIMITED peer: out of initial block download the blocks
 * within 288 - 2 of the peer's best block are fetched from it, the deeper ones never (it would not serve them).
 */
class LimitedPeerDownloadTest {
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    @Test
    void onlyBlocksWithinTheLimitedWindowAreRequested() throws IOException {
        FakeChain source = new FakeChain();
        List<Block> blocks = source.mine(300, 7);
        Map<Sha256Hash, Integer> heights = new HashMap<>();
        List<BlockHeader> headers = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            heights.put(blocks.get(i).hash(), i + 1);
            headers.add(blocks.get(i).header());
        }
        node = new TestNode(new FakeChain(), true);
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false, true, ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS);
            c.send(new Message.Headers(headers));
            List<Integer> requested = new ArrayList<>();
            while (true) {
                Optional<Message> m = c.poll(Duration.ofSeconds(requested.isEmpty() ? 20 : 2));
                if (m.isEmpty()) break;
                if (m.get() instanceof Message.GetData g) {
                    for (InvItem item : g.items()) requested.add(heights.get(item.hash()));
                }
            }
            assertThat(requested).isNotEmpty();
            // 300 - 286 = 14 is the deepest height not fetched from a limited peer.
            assertThat(requested).allMatch(h -> h != null && h > 14);
            assertThat(requested).contains(15);
        }
    }
}
