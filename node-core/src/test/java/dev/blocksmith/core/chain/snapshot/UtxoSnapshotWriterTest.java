package dev.blocksmith.core.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxOut;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UtxoSnapshotWriterTest {
    @TempDir
    Path dir;

    private static Sha256Hash txid(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return Sha256Hash.wrap(b);
    }

    private static Coin coin(long value) {
        return new Coin(new TxOut(value, Script.of(Hex.decode("a914" + "22".repeat(20) + "87"))), 7, false);
    }

    @Test
    void metadataThenEachTransactionsCoinsUnderOneTxid() throws Exception {
        Path file = dir.resolve("utxo.dat");
        byte[] magic = Hex.decode("fabfb5da");
        long written = UtxoSnapshotWriter.write(file, magic, txid(9), v -> {
            v.visit(new OutPoint(txid(1), 0), coin(1));
            v.visit(new OutPoint(txid(1), 300), coin(2));
            v.visit(new OutPoint(txid(2), 5), coin(3));
        });
        assertThat(written).isEqualTo(3);
        ByteWriter expected = new ByteWriter()
                .bytes(new SnapshotMetadata(magic, txid(9), 3).serialize())
                .hash(txid(1)).compactSize(2).compactSize(0);
        CoinCompression.writeCoin(expected, coin(1));
        expected.compactSize(300);
        CoinCompression.writeCoin(expected, coin(2));
        expected.hash(txid(2)).compactSize(1).compactSize(5);
        CoinCompression.writeCoin(expected, coin(3));
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
        // "utxo" 0xff, version 2, the magic, the base hash, then the count.
        assertThat(Hex.encode(Files.readAllBytes(file)).substring(0, 22)).isEqualTo("7574786fff" + "0200" + "fabfb5da");
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("taken.dat");
        Files.writeString(file, "keep");
        assertThatThrownBy(() -> UtxoSnapshotWriter.write(file, new byte[4], txid(1), v -> { }))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("keep");
    }
}
