package dev.blocksmith.miner.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.MiningCandidate;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockAssemblerTest {
    private static final FeeRate FLOOR = FeeRate.ofSatsPerKvB(1);
    private int nonce;

    /** A distinct transaction spending {@code prev}; only its identity matters to assembly. */
    private Transaction tx(Sha256Hash prev) {
        return new Transaction(2, List.of(new TxIn(new OutPoint(prev, nonce++), Script.EMPTY, 0xffffffffL)),
                List.of(new TxOut(1000, Script.EMPTY)), 0);
    }

    private static MiningCandidate candidate(Transaction tx, long fee, int vsize, MiningCandidate... parents) {
        List<Sha256Hash> p = new ArrayList<>();
        for (MiningCandidate c : parents) p.add(c.txid());
        return new MiningCandidate(tx, fee, fee, vsize, 1, p);
    }

    private static List<Transaction> txs(List<TemplateTransaction> selected) {
        return selected.stream().map(TemplateTransaction::tx).toList();
    }

    @Test
    void childPaysForParent() {
        MiningCandidate parent = candidate(tx(Sha256Hash.ZERO), 100, 100);
        MiningCandidate child = candidate(tx(parent.txid()), 5_000, 100, parent);
        MiningCandidate independent = candidate(tx(Sha256Hash.ZERO), 1_000, 100);
        MiningCandidate low = candidate(tx(Sha256Hash.ZERO), 200, 100);
        List<TemplateTransaction> sel = BlockAssembler.select(List.of(parent, child, independent, low), 4_000_000, 80_000, FLOOR);
        assertThat(txs(sel)).containsExactly(parent.tx(), child.tx(), independent.tx(), low.tx());
        assertThat(sel.get(1).fee()).isEqualTo(5_000);
    }

    @Test
    void packagesThatDoNotFitAreSkipped() {
        MiningCandidate parent = candidate(tx(Sha256Hash.ZERO), 100, 100);
        MiningCandidate child = candidate(tx(parent.txid()), 5_000, 100, parent);
        MiningCandidate independent = candidate(tx(Sha256Hash.ZERO), 1_000, 100);
        List<MiningCandidate> pool = List.of(parent, child, independent);
        // Room for one transaction: the better parent-child package is too big, the next single one fits.
        assertThat(txs(BlockAssembler.select(pool, 4L * 110, 80_000, FLOOR))).containsExactly(independent.tx());
        // One sigop each: two leave room for the parent-child package only.
        assertThat(txs(BlockAssembler.select(pool, 4_000_000, 2, FLOOR))).containsExactly(parent.tx(), child.tx());
    }

    @Test
    void modifiedFeesDecideTheOrderAndTheFloorEndsIt() {
        Transaction t = tx(Sha256Hash.ZERO);
        MiningCandidate prioritised = new MiningCandidate(t, 10, 100_000, 100, 1, List.of());
        MiningCandidate normal = candidate(tx(Sha256Hash.ZERO), 1_000, 100);
        MiningCandidate free = candidate(tx(Sha256Hash.ZERO), 0, 100);
        List<TemplateTransaction> sel = BlockAssembler.select(List.of(normal, free, prioritised), 4_000_000, 80_000, FLOOR);
        assertThat(txs(sel)).containsExactly(t, normal.tx());
        assertThat(sel.get(0).fee()).isEqualTo(10);
    }
}
