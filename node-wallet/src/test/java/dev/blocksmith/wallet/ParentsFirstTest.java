package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParentsFirstTest {
    private static Transaction spending(OutPoint op, int tag) {
        return new Transaction(2, List.of(new TxIn(op, new ScriptBuilder().build(), 0xfffffffdL)),
                List.of(new TxOut(1000 + tag, TestBlocks.p2wpkhScript(tag))), 0);
    }

    @Test
    void aParentListedAfterItsChildComesFirstOthersKeepTheirPlace() {
        Transaction parent = spending(new OutPoint(Sha256Hash.wrap(new byte[32]), 0), 1);
        Transaction child = spending(new OutPoint(parent.txid(), 0), 2);
        Transaction grandchild = spending(new OutPoint(child.txid(), 0), 3);
        Transaction unrelated = spending(new OutPoint(Sha256Hash.wrap(new byte[32]), 5), 4);

        assertThat(ParentsFirst.order(List.of(unrelated, grandchild, child, parent)))
                .containsExactly(unrelated, parent, child, grandchild);
        assertThat(ParentsFirst.order(List.of(parent, unrelated, child))).containsExactly(parent, unrelated, child);
    }
}
