package dev.blocksmith.core.tx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.testsupport.AllocationBudget;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Fuzzes the transaction parser every tx, block and compact-block message goes through. Without
 * JAZZER_FUZZ=1 this replays the committed inputs in TransactionFuzzTestInputs/ (node-bench/run-fuzz.sh
 * fuzzes it). Properties: the only failure is {@link SerializationException}; allocation stays in
 * proportion to the input; the parsed structure, written afresh, gives exactly the bytes it was read from
 * (so the txid computed from the structure and the wtxid computed from the cached wire bytes describe the
 * same transaction), and parsing those bytes again gives the same transaction.
 */
class TransactionFuzzTest {

    @FuzzTest
    void transaction(byte[] data) {
        ByteReader r = new ByteReader(data);
        Transaction tx;
        try {
            tx = Transaction.read(r);
        } catch (SerializationException expected) {
            tx = null;
        }
        AllocationBudget.check(data.length, "Transaction.read", () -> {
            try {
                Transaction.read(new ByteReader(data));
            } catch (SerializationException expected) {
                // the allocation made on the way to the error counts too
            }
        });
        if (tx == null) return;
        byte[] consumed = Arrays.copyOf(data, r.position());

        ByteWriter w = new ByteWriter(consumed.length);
        tx.write(w, true);
        byte[] written = w.toByteArray();
        if (!Arrays.equals(written, consumed)) {
            throw new AssertionError("re-encoding differs: read " + HexFormat.of().formatHex(consumed)
                    + " wrote " + HexFormat.of().formatHex(written));
        }
        Transaction again = Transaction.parse(written);
        if (!again.txid().equals(tx.txid()) || !again.wtxid().equals(tx.wtxid())) {
            throw new AssertionError("round trip changed the transaction ids");
        }
        // The stripped form parses back to the same txid (it is what peers without witness support get);
        // an input-less transaction's stripped form reads as a witness marker, as in bitcoind.
        if (!tx.inputs().isEmpty() && !Transaction.parse(tx.serialize(false)).txid().equals(tx.txid())) {
            throw new AssertionError("stripped serialization has another txid");
        }
        // The ids and sizes taken from the bytes read equal those of the same transaction built afresh (no cached bytes).
        Transaction built = new Transaction(tx.version(), tx.inputs(), tx.outputs(), tx.lockTime());
        if (!built.txid().equals(tx.txid()) || !built.wtxid().equals(tx.wtxid())
                || built.baseSize() != tx.baseSize() || built.totalSize() != tx.totalSize()) {
            throw new AssertionError("ids or sizes from the bytes read differ from the rebuilt transaction's");
        }
        if (tx.weight() < 0 || tx.vsize() < 0) throw new AssertionError("negative size");
    }
}
