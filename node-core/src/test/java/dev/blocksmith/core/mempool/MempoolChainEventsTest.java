package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.mempool.MempoolFixture.Utxo;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MempoolChainEventsTest {
    private MempoolFixture f;
    private Mempool pool;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolFixture();
        pool = f.mempool;
        f.mine(110);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Transaction otherSpend(Utxo in, long fee) {
        // Same input, different output: a double spend of the same coin.
        return f.sign(2, List.of(in), List.of(new TxOut(in.value() - fee - 1_000, f.key.p2wpkh), new TxOut(1_000, f.key.p2wpkh)),
                TxIn.SEQUENCE_FINAL, 0);
    }

    @Test
    void confirmationRemovesTheParentAndKeepsTheChild() throws Exception {
        Transaction parent = f.spend(1_000, f.coinbase(1));
        Transaction child = f.spend(1_000, MempoolFixture.output(parent, 0));
        pool.accept(parent, AcceptOptions.relay());
        pool.accept(child, AcceptOptions.relay());
        assertThat(pool.entry(child.txid()).orElseThrow().ancestorCount()).isEqualTo(2);

        f.mineTx(parent);
        assertThat(pool.txids()).containsExactly(child.txid());
        MempoolEntry e = pool.entry(child.txid()).orElseThrow();
        assertThat(e.ancestorCount()).isEqualTo(1);
        assertThat(e.ancestorSize()).isEqualTo(e.vsize());
        assertThat(e.depends()).isEmpty();
        assertThat(f.events.log).contains("CONFIRMED " + parent.txid());
        assertThat(pool.info().bytes()).isEqualTo(e.vsize());
    }

    @Test
    void doubleSpendInABlockEvictsTheTransactionAndItsDescendants() throws Exception {
        Utxo cb = f.coinbase(1);
        Transaction mine = f.spend(1_000, cb);
        Transaction child = f.spend(1_000, MempoolFixture.output(mine, 0));
        Transaction unrelated = f.spend(1_000, f.coinbase(2));
        pool.accept(mine, AcceptOptions.relay());
        pool.accept(child, AcceptOptions.relay());
        pool.accept(unrelated, AcceptOptions.relay());

        f.mineTx(otherSpend(cb, 500));
        assertThat(pool.txids()).containsExactly(unrelated.txid());
        assertThat(f.events.log).contains("CONFLICT " + mine.txid(), "CONFLICT " + child.txid());
        assertThat(pool.spenderOf(cb.outPoint())).isEmpty();
    }

    @Test
    void reorgReturnsTransactionsAndRelinksChildren() throws Exception {
        BlockIndex fork = f.chain.tip().index();
        Transaction parent = f.spend(1_000, f.coinbase(1));
        pool.accept(parent, AcceptOptions.relay());
        f.mineTx(parent);
        Transaction child = f.spend(1_000, MempoolFixture.output(parent, 0));
        pool.accept(child, AcceptOptions.relay());
        assertThat(pool.entry(child.txid()).orElseThrow().ancestorCount()).isEqualTo(1);

        // A heavier branch without the parent: it comes back, and the child hangs under it again.
        Block b1 = f.mineOn(fork, List.of());
        f.mineOn(f.chain.index(b1.hash()).orElseThrow(), List.of());
        assertThat(f.chain.tip().height()).isEqualTo(112);
        assertThat(pool.txids()).containsExactlyInAnyOrder(parent.txid(), child.txid());
        MempoolEntry c = pool.entry(child.txid()).orElseThrow();
        assertThat(c.ancestorCount()).isEqualTo(2);
        assertThat(c.depends()).containsExactly(parent.txid());
        MempoolEntry p = pool.entry(parent.txid()).orElseThrow();
        assertThat(p.descendantCount()).isEqualTo(2);
        assertThat(p.spentBy()).containsExactly(child.txid());
    }

    /**
     * bitcoind's relay sequence: 1 to start, one step per transaction added or removed; a transaction
     * returning from a disconnected block gets 0, so peers may fetch it before any announcement
     * (mempool_reorg), while one added now waits for the next announcement.
     */
    @Test
    void relaySequenceCountsChangesAndReorgedTransactionsGetZero() throws Exception {
        assertThat(pool.relaySequence()).isEqualTo(1);
        BlockIndex fork = f.chain.tip().index();
        Transaction parent = f.spend(1_000, f.coinbase(1));
        pool.accept(parent, AcceptOptions.relay());
        assertThat(pool.relayInfo(parent.wtxid(), true).orElseThrow().relaySequence()).isEqualTo(1);
        assertThat(pool.relaySequence()).isEqualTo(2);
        f.mineTx(parent); // removed as confirmed: one more step
        assertThat(pool.relaySequence()).isEqualTo(3);
        Transaction later = f.spend(1_000, f.coinbase(2));
        pool.accept(later, AcceptOptions.relay());
        assertThat(pool.relayInfo(later.txid(), false).orElseThrow().relaySequence()).isEqualTo(3);

        Block b1 = f.mineOn(fork, List.of());
        f.mineOn(f.chain.index(b1.hash()).orElseThrow(), List.of());
        RelayInfo back = pool.relayInfo(parent.txid(), false).orElseThrow();
        assertThat(back.relaySequence()).isZero();
        assertThat(back.ancestorCount()).isEqualTo(1);
        assertThat(pool.relayInfo(parent.txid(), true)).isEmpty(); // a txid is not a wtxid of a segwit spend
    }

    /** A confirmed transaction leaves the unbroadcast set (bitcoind logs "Removed ... before confirmation"). */
    @Test
    void confirmationEndsTheUnbroadcastState() throws Exception {
        Transaction tx = f.spend(1_000, f.coinbase(1));
        pool.accept(tx, AcceptOptions.relay());
        pool.addUnbroadcast(tx.txid());
        assertThat(pool.info().unbroadcastCount()).isEqualTo(1);
        f.mineTx(tx);
        assertThat(pool.unbroadcast()).isEmpty();
    }

    @Test
    void reorgOntoADoubleSpendDropsTheReturningTransactionAndItsChild() throws Exception {
        BlockIndex fork = f.chain.tip().index();
        Utxo cb = f.coinbase(1);
        Transaction parent = f.spend(1_000, cb);
        pool.accept(parent, AcceptOptions.relay());
        f.mineTx(parent);
        Transaction child = f.spend(1_000, MempoolFixture.output(parent, 0));
        pool.accept(child, AcceptOptions.relay());

        Block b1 = f.mineOn(fork, List.of(otherSpend(cb, 2_000)));
        f.mineOn(f.chain.index(b1.hash()).orElseThrow(), List.of());
        assertThat(f.chain.tip().height()).isEqualTo(112);
        assertThat(pool.txids()).isEmpty();
        assertThat(f.events.log).contains("CONFLICT " + parent.txid(), "CONFLICT " + child.txid());
    }

    @Test
    void shorterChainRemovesSpendsOfCoinbasesThatAreNoLongerMature() throws Exception {
        // At tip 110 the next block is 111: coinbases up to height 11 are mature.
        Transaction ok = f.spend(1_000, f.coinbase(10));
        Transaction edge = f.spend(1_000, f.coinbase(11));
        pool.accept(ok, AcceptOptions.relay());
        pool.accept(edge, AcceptOptions.relay());
        f.chain.invalidateBlock(f.chain.tip().hash());
        assertThat(f.chain.tip().height()).isEqualTo(109);
        assertThat(pool.txids()).containsExactly(ok.txid());
        assertThat(f.events.log).contains("REORG " + edge.txid());
    }

    @Test
    void transactionsOfAnInvalidatedBlockReturnAndNonFinalOnesLeave() throws Exception {
        Transaction confirmed = f.spend(1_000, f.coinbase(1));
        f.mineTx(confirmed);
        // Locked to height 111: final for block 112, not for 111 after the tip moves back.
        Utxo cb = f.coinbase(2);
        Transaction locked = f.sign(2, List.of(cb), List.of(new TxOut(cb.value() - 1_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL - 1, 111);
        pool.accept(locked, AcceptOptions.relay());
        f.chain.invalidateBlock(f.chain.tip().hash());
        assertThat(pool.txids()).containsExactly(confirmed.txid());
        assertThat(f.events.log).contains("REORG " + locked.txid());
    }

    @Test
    void anInvalidationDeeperThanTenBlocksLeavesTheDeeperBlocksTransactionsOut() throws Exception {
        // bitcoind's InvalidateBlock takes back the transactions of the first ten blocks it disconnects only.
        Transaction deep = f.spend(1_000, f.coinbase(1));
        f.mineTx(deep);
        BlockIndex deepBlock = f.chain.tip().index();
        Transaction shallow = f.spend(1_000, f.coinbase(2));
        f.mineTx(shallow);
        f.mine(9);
        // The 11th block disconnected is the deep one; a mempool child of its transaction leaves too.
        Transaction child = f.spend(1_000, MempoolFixture.output(deep, 0));
        pool.accept(child, AcceptOptions.relay());

        f.chain.invalidateBlock(deepBlock.hash());
        assertThat(f.chain.tip().height()).isEqualTo(deepBlock.height() - 1);
        assertThat(pool.txids()).containsExactly(shallow.txid());
        assertThat(f.events.log).contains("REORG " + child.txid());
    }
}
