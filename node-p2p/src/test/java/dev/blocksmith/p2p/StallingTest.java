package dev.blocksmith.p2p;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bitcoind's block download stalling: a peer holding the first block of the 1024-block window while another peer has
 * nothing left to fetch is disconnected after the stalling timeout (2 s); one that only fills the window is not.
 */
class StallingTest {
    // Generous: 1023 blocks go through the node while the machine may be busy with other builds (CI, parallel tests).
    private static final Duration WAIT = Duration.ofSeconds(180);

    /** Answers getdata with the blocks it has, except the withheld one, until the connection ends. */
    private static Thread serve(RawClient c, Map<Sha256Hash, Block> blocks, Sha256Hash withheld, AtomicInteger served) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Message m = c.read();
                    if (m instanceof Message.Ping p) c.send(new Message.Pong(p.nonce()));
                    if (!(m instanceof Message.GetData g)) continue;
                    for (InvItem item : g.items()) {
                        Block b = blocks.get(item.hash());
                        if (b != null && !item.hash().equals(withheld)) {
                            c.send(new Message.BlockMessage(b, true));
                            served.incrementAndGet();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // connection closed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void theWindowsFirstBlockHolderIsDisconnectedOnceAnotherPeerIsIdle() throws Exception {
        FakeChain source = new FakeChain();
        List<Block> chain = source.mine(1030, 1);
        Map<Sha256Hash, Block> byHash = new HashMap<>();
        List<BlockHeader> window = new ArrayList<>();
        for (Block b : chain) byHash.put(b.hash(), b);
        for (int i = 0; i < 1024; i++) window.add(chain.get(i).header());
        List<BlockHeader> all = chain.stream().map(Block::header).toList();
        Sha256Hash first = chain.get(0).hash();
        try (TestNode node = new TestNode(new FakeChain(), false);
             RawClient staller = new RawClient(node.address());
             RawClient idle = new RawClient(node.address())) {
            staller.handshake(true);
            AtomicInteger served = new AtomicInteger();
            serve(staller, byHash, first, served);
            staller.send(new Message.Headers(window));
            Await.until("the window but its first block downloaded", WAIT, () -> served.get() == 1023);
            // Only the window is known: nobody could fetch more, so nobody stalls.
            idle.handshake(true);
            serve(idle, Map.of(), null, new AtomicInteger());
            idle.send(new Message.Headers(window));
            Thread.sleep(3000);
            assertThat(node.net.peers()).hasSize(2);
            // Headers beyond the window: the idle peer could fetch block 1025 but for the window's first block.
            idle.send(new Message.Headers(all));
            Await.until("the staller disconnected", WAIT, () -> node.net.peers().size() == 1);
            // The withheld block now comes from the remaining peer, and the chain completes... as far as it serves.
            Await.until("the window's first block asked of the other peer", WAIT,
                    () -> node.net.peers().get(0).inflight().contains(1));
        }
    }
}
