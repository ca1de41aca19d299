package dev.blocksmith.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionIdsTest {
    private static Transaction witnessTx(int inputs, int outputs) {
        List<TxIn> ins = new java.util.ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            byte[] txid = new byte[32];
            txid[0] = (byte) (i + 1);
            TxIn in = new TxIn(new OutPoint(Sha256Hash.wrap(txid), i), Script.EMPTY, 0xfffffffdL);
            // Every other input has a witness (one with none keeps an empty stack in the witness section).
            ins.add(i % 2 == 0 ? in.withWitness(Witness.of(new byte[71], new byte[33])) : in);
        }
        List<TxOut> outs = new java.util.ArrayList<>();
        for (int o = 0; o < outputs; o++) outs.add(new TxOut(1_000L * (o + 1), Script.EMPTY));
        return new Transaction(2, ins, outs, 500);
    }

    @Test
    void aWitnessTransactionReadFromBytesHasTheTxidAndSizesOfItsStrippedSerialization() {
        for (int inputs = 1; inputs < 300; inputs += 37) {
            Transaction built = witnessTx(inputs, inputs % 7 + 1);
            Transaction read = Transaction.parse(built.serialize());
            byte[] stripped = built.serialize(false);
            assertThat(read.hasWitness()).isTrue();
            assertThat(read.txid()).isEqualTo(Hashes.hash256(stripped)).isEqualTo(built.txid());
            assertThat(read.wtxid()).isEqualTo(Hashes.hash256(built.serialize())).isNotEqualTo(read.txid());
            assertThat(read.baseSize()).isEqualTo(stripped.length);
            assertThat(read.totalSize()).isEqualTo(built.serialize().length);
            assertThat(read.weight()).isEqualTo(built.weight());
        }
    }

    @Test
    void aTransactionWithoutWitnessHasOneIdAndOneSize() {
        Transaction built = new Transaction(1, List.of(new TxIn(new OutPoint(Sha256Hash.wrap(new byte[32]), 3), Script.EMPTY, 0)),
                List.of(new TxOut(5, Script.EMPTY)), 0);
        Transaction read = Transaction.parse(built.serialize());
        assertThat(read.txid()).isEqualTo(read.wtxid()).isEqualTo(Hashes.hash256(built.serialize()));
        assertThat(read.baseSize()).isEqualTo(read.totalSize()).isEqualTo(built.serialize().length);
    }
}
