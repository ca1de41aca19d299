package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.TxOut;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializedUndoTest {
    private static final BlockUndo UNDO = new BlockUndo(List.of(
            List.of(new Coin(new TxOut(5000, Script.fromHex("0014" + "11".repeat(20))), 7, true)),
            List.of(new Coin(new TxOut(1, Script.fromHex("51")), 8, false),
                    new Coin(new TxOut(2, Script.fromHex("5120" + "22".repeat(32))), 9, false))));

    @Test
    void theCursorReadsEachTransactionsCoinsInBlockOrder() {
        SerializedUndo undo = SerializedUndo.ofOwned(UNDO.serialize());
        assertThat(undo.transactionCount()).isEqualTo(2);
        SerializedUndo.Cursor cursor = undo.cursor();
        assertThat(cursor.next()).isEqualTo(UNDO.spentByTx().get(0));
        assertThat(cursor.next()).isEqualTo(UNDO.spentByTx().get(1));
        assertThat(SerializedUndo.EMPTY.transactionCount()).isZero();
    }

    @Test
    void damageIsFoundWhenItIsMade() {
        byte[] bytes = UNDO.serialize();
        assertThatThrownBy(() -> SerializedUndo.ofOwned(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> SerializedUndo.ofOwned(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing bytes");
    }
}
