package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.tx.Transaction;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What block assembly reads of the pool: every entry in entry order, with its fees, size and in-pool parents. */
class MiningCandidatesTest {
    private MempoolFixture f;
    private Mempool pool;
    private Transaction parent;
    private Transaction child;
    private Transaction independent;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolFixture();
        pool = f.mempool;
        f.mine(110);
        parent = f.spend(110, f.coinbase(1));
        child = f.spend(5_500, MempoolFixture.output(parent, 0));
        independent = f.spend(1_100, f.coinbase(2));
        for (Transaction tx : List.of(parent, child, independent)) pool.accept(tx, AcceptOptions.relay());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void entriesInEntryOrderWithParents() {
        List<MiningCandidate> c = pool.miningCandidates();
        assertThat(c).extracting(MiningCandidate::tx).containsExactly(parent, child, independent);
        assertThat(c.get(1).parents()).containsExactly(parent.txid());
        assertThat(c.get(0).parents()).isEmpty();
        assertThat(c.get(1).fee()).isEqualTo(5_500);
        assertThat(c.get(1).sigopCost()).isEqualTo(1);
        assertThat(c.get(1).vsize()).isEqualTo(child.vsize());
    }

    @Test
    void prioritisationShowsInTheModifiedFee() {
        pool.prioritiseTransaction(independent.txid(), 100_000);
        MiningCandidate c = pool.miningCandidates().get(2);
        assertThat(c.fee()).isEqualTo(1_100);
        assertThat(c.modifiedFee()).isEqualTo(101_100);
    }
}
