package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.events.ValidationEventQueue;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queued chain listeners (bitcoind's validation interface queue): in order, off the validating thread and its lock. */
class QueuedChainListenerTest {
    private final NetworkParams params = Networks.REGTEST;
    private final ChainManager chain = ChainManager.open(params, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
            ChainOptions.defaults(), () -> 1_700_000_000L);
    private final ValidationEventQueue queue = ValidationEventQueue.start("test-validation-events");

    @AfterEach
    void close() throws Exception {
        queue.close();
    }

    private Block mine(int tag) throws Exception {
        Block b = TestBlocks.nextBlock(params, chain.tip().index(), Script.of(new byte[] {0x51}), List.of(), 0, tag);
        chain.processBlock(b);
        return b;
    }

    @Test
    void eventsArriveInOrderOnTheQueueThreadWithoutTheChainLock() throws Exception {
        chain.publishTo(queue);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> lockFree = Collections.synchronizedList(new ArrayList<>());
        Thread caller = Thread.currentThread();
        chain.addQueuedListener(new ChainListener() {
            @Override
            public void blockConnected(Block block, BlockIndex index) {
                seen.add("connected " + index.height());
                lockFree.add(Thread.currentThread() != caller && !chain.chainLockHeldByCurrentThread());
            }

            @Override
            public void blockDisconnected(Block block, BlockIndex index, boolean returnTransactions) {
                seen.add("disconnected " + index.height());
            }

            @Override
            public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
                seen.add("tip " + tip.height());
            }
        });
        Block first = mine(1);
        mine(2);
        chain.invalidateBlock(chain.tip().hash());
        chain.awaitQueuedListeners();
        assertThat(seen).containsExactly("connected 1", "tip 1", "connected 2", "tip 2", "disconnected 2");
        assertThat(lockFree).containsOnly(true);
        assertThat(chain.tip().hash()).isEqualTo(first.hash());
    }

    @Test
    void aSlowQueuedListenerDoesNotHoldUpValidation() throws Exception {
        chain.publishTo(queue);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> heights = Collections.synchronizedList(new ArrayList<>());
        chain.addQueuedListener(new ChainListener() {
            @Override
            public void blockConnected(Block block, BlockIndex index) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                heights.add(index.height());
            }
        });
        mine(1);
        mine(2);
        mine(3);
        // All three connected while the listener still waits on the first.
        assertThat(chain.tip().height()).isEqualTo(3);
        assertThat(heights).isEmpty();
        release.countDown();
        chain.awaitQueuedListeners();
        assertThat(heights).containsExactly(1, 2, 3);
    }

    @Test
    void aRemovedListenerHearsNothingMoreEvenWhatWasQueued() throws Exception {
        chain.publishTo(queue);
        CountDownLatch blocker = new CountDownLatch(1);
        // A first listener holds the queue so that the second's event is still queued when it is removed.
        chain.addQueuedListener(new ChainListener() {
            @Override
            public void blockConnected(Block block, BlockIndex index) {
                try {
                    blocker.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        List<Integer> heights = Collections.synchronizedList(new ArrayList<>());
        ChainListener removed = new ChainListener() {
            @Override
            public void blockConnected(Block block, BlockIndex index) {
                heights.add(index.height());
            }
        };
        chain.addQueuedListener(removed);
        mine(1);
        chain.removeListener(removed);
        blocker.countDown();
        mine(2);
        chain.awaitQueuedListeners();
        assertThat(heights).isEmpty();
    }

    @Test
    void withoutAQueueTheListenerIsToldAtOnce() throws Exception {
        List<Integer> heights = new ArrayList<>();
        chain.addQueuedListener(new ChainListener() {
            @Override
            public void blockConnected(Block block, BlockIndex index) {
                heights.add(index.height());
            }
        });
        mine(1);
        assertThat(heights).containsExactly(1);
    }
}
