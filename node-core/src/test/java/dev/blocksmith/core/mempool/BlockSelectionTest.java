package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.tx.Transaction;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockSelectionTest {
    private MempoolFixture f;
    private Mempool pool;
    private Transaction parent;
    private Transaction child;
    private Transaction independent;
    private Transaction low;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolFixture();
        pool = f.mempool;
        f.mine(110);
        // About 1, 50, 10 and 2 sat/vB on ~110 vB each.
        parent = f.spend(110, f.coinbase(1));
        child = f.spend(5_500, MempoolFixture.output(parent, 0));
        independent = f.spend(1_100, f.coinbase(2));
        low = f.spend(220, f.coinbase(3));
        for (Transaction tx : List.of(parent, child, independent, low)) pool.accept(tx, AcceptOptions.relay());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static List<Transaction> txs(List<SelectedTx> selected) {
        return selected.stream().map(SelectedTx::tx).toList();
    }

    @Test
    void childPaysForParent() {
        List<SelectedTx> sel = pool.selectForBlock(4_000_000, 80_000);
        assertThat(txs(sel)).containsExactly(parent, child, independent, low);
        assertThat(sel.get(1).fee()).isEqualTo(5_500);
        assertThat(sel.get(1).sigopCost()).isEqualTo(1);
    }

    @Test
    void packagesThatDoNotFitAreSkipped() {
        // Room for one transaction: the better parent-child package is too big, the next single one fits.
        long room = 4L * (independent.vsize() + 10);
        assertThat(txs(pool.selectForBlock(room, 80_000))).containsExactly(independent);
        // Each P2WPKH spend costs one sigop: two leave room for the parent-child package only.
        assertThat(txs(pool.selectForBlock(4_000_000, 2))).containsExactly(parent, child);
    }

    @Test
    void prioritisationChangesTheOrder() {
        pool.prioritiseTransaction(low.txid(), 100_000);
        assertThat(txs(pool.selectForBlock(4_000_000, 80_000))).containsExactly(low, parent, child, independent);
    }

    @Test
    void selectionLeavesTheMempoolUnchanged() {
        pool.selectForBlock(4_000_000, 80_000);
        assertThat(pool.size()).isEqualTo(4);
        assertThat(pool.entry(child.txid()).orElseThrow().ancestorFees()).isEqualTo(5_610);
    }
}
