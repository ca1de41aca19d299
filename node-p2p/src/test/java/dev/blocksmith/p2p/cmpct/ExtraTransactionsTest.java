package dev.blocksmith.p2p.cmpct;

import dev.blocksmith.core.tx.Transaction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExtraTransactionsTest {
    @Test
    void keepsTheNewestUpToItsCapacityOldestFirst() {
        ExtraTransactions extra = new ExtraTransactions(3);
        List<Transaction> txs = List.of(TestBlocks.spend(1), TestBlocks.spend(2), TestBlocks.spend(3), TestBlocks.spend(4),
                TestBlocks.spend(5));
        extra.add(txs.get(0));
        extra.add(txs.get(1));
        assertThat(extra.snapshot()).containsExactly(txs.get(0), txs.get(1));
        extra.add(txs.get(2));
        extra.add(txs.get(3));
        extra.add(txs.get(4));
        assertThat(extra.snapshot()).containsExactly(txs.get(2), txs.get(3), txs.get(4));
    }

    @Test
    void capacityZeroKeepsNothing() {
        ExtraTransactions extra = new ExtraTransactions(0);
        extra.add(TestBlocks.spend(1));
        assertThat(extra.snapshot()).isEmpty();
    }
}
