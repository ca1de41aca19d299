package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.events.ValidationEventQueue;
import dev.blocksmith.core.events.ValidationListener;
import dev.blocksmith.core.mempool.MempoolFixture.Utxo;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events the chain and the mempool post to the validation event queue come out in bitcoind's order with
 * bitcoind's mempool sequence numbers (what interface_zmq's sequence test reads): a replacement's removal before
 * its addition; for a connected block each transaction's own removal then its conflicts, the conflicts announced
 * and the block's own transactions silently taking their numbers, then the block; a disconnected block before
 * the transactions it returns to the mempool.
 */
class ValidationEventOrderTest {
    private MempoolFixture f;
    private ValidationEventQueue queue;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolFixture();
        f.mine(110);
        queue = ValidationEventQueue.start("test-validation-events");
        f.chain.publishTo(queue);
        f.mempool.publishTo(queue);
        queue.register(new ValidationListener() {
            @Override
            public void transactionAddedToMempool(Transaction tx, long seq) {
                log.add("A " + tx.txid() + " " + seq);
            }

            @Override
            public void transactionRemovedFromMempool(Transaction tx, RemovalReason reason, long seq) {
                log.add("R " + tx.txid() + " " + reason + " " + seq);
            }

            @Override
            public void blockConnected(Block block, BlockIndex index) {
                log.add("C " + index.hash());
            }

            @Override
            public void blockDisconnected(Block block, BlockIndex index) {
                log.add("D " + index.hash());
            }

            @Override
            public void updatedBlockTip(BlockIndex tip, BlockIndex fork, boolean ibd) {
                log.add("T " + tip.hash() + " " + (tip == fork ? "no-new-blocks" : "from " + fork.height()));
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        queue.close();
        f.close();
    }

    private Transaction pay(Utxo in, long fee) {
        return f.sign(2, List.of(in), List.of(new TxOut(in.value() - fee, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL - 2, 0);
    }

    @Test
    void eventsFollowBitcoindsOrderAndSequenceNumbers() throws Exception {
        assertThat(f.mempool.sequence()).isEqualTo(1);
        Utxo coin = f.coinbase(1);
        Transaction original = pay(coin, 1_000);
        Transaction other = pay(f.coinbase(2), 1_000);
        Transaction bump = pay(coin, 5_000);
        f.mempool.accept(original, AcceptOptions.relay());
        f.mempool.accept(other, AcceptOptions.relay());
        f.mempool.accept(bump, AcceptOptions.relay());
        queue.sync();
        assertThat(log).containsExactly(
                "A " + original.txid() + " 1",
                "A " + other.txid() + " 2",
                "R " + original.txid() + " REPLACED 3",
                "A " + bump.txid() + " 4");
        assertThat(f.mempool.sequence()).isEqualTo(5);

        // The block confirms the original (evicting the bump) and the other one.
        log.clear();
        int forkHeight = f.chain.tip().height();
        Block block = f.mineTx(original, other);
        queue.sync();
        assertThat(log).containsExactly(
                "R " + bump.txid() + " CONFLICT 5",
                "C " + block.hash(),
                "T " + block.hash() + " from " + forkHeight);
        // "other" left as a block transaction: unannounced, but it took number 6.
        assertThat(f.mempool.sequence()).isEqualTo(7);

        // Disconnected: the block first, then its transactions back in the pool; no new tip to announce.
        log.clear();
        f.chain.invalidateBlock(block.hash());
        queue.sync();
        assertThat(log).containsExactly(
                "D " + block.hash(),
                "A " + original.txid() + " 7",
                "A " + other.txid() + " 8");
        assertThat(f.mempool.sequence()).isEqualTo(9);
    }

    @Test
    void syncWaitsForSlowListenersAndClosingDeliversWhatIsQueued() throws Exception {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        queue.register(new ValidationListener() {
            @Override
            public void transactionAddedToMempool(Transaction tx, long seq) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(seq);
            }
        });
        f.mempool.accept(pay(f.coinbase(1), 1_000), AcceptOptions.relay());
        f.mempool.accept(pay(f.coinbase(2), 1_000), AcceptOptions.relay());
        queue.sync();
        assertThat(seen).containsExactly(1L, 2L);
        f.mempool.accept(pay(f.coinbase(3), 1_000), AcceptOptions.relay());
        queue.close();
        assertThat(seen).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theDiscardingQueueTakesNothing() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ValidationEventQueue.discarding().register(new ValidationListener() { }))
                .isInstanceOf(IllegalStateException.class);
    }
}
