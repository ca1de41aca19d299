package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisconnectedTransactionsTest {
    /** A transaction padded with an OP_RETURN output of {@code padding} bytes, as Core's bulk_vout makes them. */
    private static Transaction bulky(int n, int padding) {
        byte[] prev = new byte[32];
        prev[0] = (byte) n;
        prev[1] = (byte) (n >> 8);
        TxIn in = new TxIn(new OutPoint(Sha256Hash.wrap(prev), 0), Script.EMPTY, 0xfffffffdL, Witness.of(new byte[] {0x51}));
        byte[] op = new byte[padding];
        op[0] = 0x6a;
        return new Transaction(2, List.of(in), List.of(new TxOut(0, Script.of(op))), 0);
    }

    @Test
    void mallocUsageRoundsAsBitcoind() {
        assertThat(DisconnectedTransactions.mallocUsage(0)).isZero();
        assertThat(DisconnectedTransactions.mallocUsage(1)).isEqualTo(32);
        assertThat(DisconnectedTransactions.mallocUsage(40)).isEqualTo(64);
        assertThat(DisconnectedTransactions.mallocUsage(104)).isEqualTo(128);
    }

    @Test
    void aTransactionHoldsItsScriptsAndBitcoindsOverhead() {
        long usage = DisconnectedTransactions.recursiveDynamicUsage(bulky(1, 100_000));
        // The 100 kB script plus a few hundred bytes of vectors, the transaction object and its shared pointer.
        assertThat(usage).isBetween(100_000L + 300, 100_000L + 800);
    }

    @Test
    void theMostRecentBlocksTransactionsGoFirstPastTwentyMegabytes() {
        DisconnectedTransactions pool = new DisconnectedTransactions();
        List<Transaction> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) all.add(bulky(i, 99_950));
        // Disconnected tip first: the last block holds the last 10 transactions.
        List<Sha256Hash> evicted = new ArrayList<>();
        for (int block = 19; block >= 0; block--) {
            evicted.addAll(pool.addBlock(all.subList(block * 10, block * 10 + 10)));
        }
        // About 20.1 MB in all: the first counted (the tip block's, last first) are given up until within 20 MB.
        assertThat(evicted).containsExactly(all.get(199).txid(), all.get(198).txid());
        assertThat(pool.dynamicMemoryUsage()).isLessThanOrEqualTo(DisconnectedTransactions.MAX_BYTES);
        pool.clear();
        assertThat(pool.dynamicMemoryUsage()).isZero();
    }
}
