package dev.blocksmith.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializedBlockTest {

    /** A coinbase, a legacy spend and a witness spend: base and total sizes differ only where witnesses are. */
    static Block mixedBlock() {
        Transaction coinbase = new Transaction(1, List.of(new TxIn(new OutPoint(Sha256Hash.ZERO, 0xffffffffL),
                Script.fromHex("03e80300"), 0xffffffffL)), List.of(new TxOut(50_0000_0000L, Script.fromHex("51"))), 0);
        Transaction legacy = new Transaction(2, List.of(new TxIn(new OutPoint(coinbase.txid(), 0),
                Script.fromHex("47" + "30".repeat(71)), 0xfffffffeL)),
                List.of(new TxOut(1000, Script.fromHex("0014" + "11".repeat(20))), new TxOut(2000, Script.fromHex("6a"))), 100);
        Transaction segwit = new Transaction(2, List.of(new TxIn(new OutPoint(legacy.txid(), 0), Script.of(new byte[0]),
                0xfffffffdL, Witness.of(new byte[72], new byte[33]))),
                List.of(new TxOut(900, Script.fromHex("5120" + "22".repeat(32)))), 0);
        BlockHeader header = new BlockHeader(0x20000000, Sha256Hash.ZERO, Sha256Hash.ZERO, 1_700_000_000L, 0x207fffffL, 7);
        return new Block(header, List.of(coinbase, legacy, segwit));
    }

    @Test
    void sizesAndTransactionsAreTheParsedBlocks() {
        Block block = mixedBlock();
        byte[] bytes = block.serialize();
        SerializedBlock serialized = SerializedBlock.ofOwned(bytes.clone());

        assertThat(serialized.header().hash()).isEqualTo(block.hash());
        assertThat(serialized.transactionCount()).isEqualTo(3);
        assertThat(serialized.totalSize()).isEqualTo(block.totalSize()).isEqualTo(bytes.length);
        assertThat(serialized.baseSize()).isEqualTo(block.baseSize()).isLessThan(block.totalSize());
        assertThat(serialized.weight()).isEqualTo(block.weight());
        List<Sha256Hash> wtxids = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        serialized.forEachTransaction((i, tx) -> {
            order.add(i);
            wtxids.add(tx.wtxid());
        });
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(wtxids).containsExactlyElementsOf(block.transactions().stream().map(Transaction::wtxid).toList());
    }

    @Test
    void damageIsFoundWhenItIsMadeNotWhileItIsRead() {
        byte[] bytes = mixedBlock().serialize();
        assertThatThrownBy(() -> SerializedBlock.ofOwned(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> SerializedBlock.ofOwned(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing bytes");
    }

    @Test
    void parseCopiesTheCallersArrayAndParseOwnedReadsTheSameBlock() {
        byte[] bytes = mixedBlock().serialize();
        byte[] original = bytes.clone();
        Block copied = Block.parse(bytes);
        Block owned = Block.parseOwned(bytes.clone());
        bytes[bytes.length - 1] ^= 1;
        assertThat(copied.serialize()).isEqualTo(original);
        assertThat(owned.serialize()).isEqualTo(original);
        assertThat(owned.hash()).isEqualTo(copied.hash());
    }
}
