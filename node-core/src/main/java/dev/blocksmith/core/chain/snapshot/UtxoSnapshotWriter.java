package dev.blocksmith.core.chain.snapshot;

import dev.blocksmith.core.chain.ChainDb;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a UTXO snapshot in bitcoind's format (WriteUTXOSnapshot) while the coins are scanned in key order: the
 * metadata, then for each transaction with unspent outputs its txid, how many, and each output's index and compressed
 * coin. The coins count in the metadata is filled in once the scan is over, so the set is read only once.
 */
public final class UtxoSnapshotWriter implements ChainDb.CoinVisitor {
    private final OutputStream out;
    private final List<OutPoint> groupOutPoints = new ArrayList<>();
    private final List<Coin> groupCoins = new ArrayList<>();
    private long written;

    private UtxoSnapshotWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Creates {@code file} (which must not exist) and writes the snapshot of the coins {@code scan} visits, in key
     * order, for the block {@code baseBlockHash}. Returns the number of coins written; the file is synced.
     */
    public static long write(Path file, byte[] networkMagic, Sha256Hash baseBlockHash, Consumer<ChainDb.CoinVisitor> scan)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            buffered.write(new SnapshotMetadata(networkMagic, baseBlockHash, 0).serialize());
            UtxoSnapshotWriter w = new UtxoSnapshotWriter(buffered);
            try {
                scan.accept(w);
                w.flushGroup();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            buffered.flush();
            ByteBuffer count = ByteBuffer.wrap(new ByteWriter(8).i64le(w.written).toByteArray());
            ch.write(count, SnapshotMetadata.COINS_COUNT_OFFSET);
            ch.force(true);
            return w.written;
        }
    }

    @Override
    public boolean visit(OutPoint outPoint, Coin coin) {
        if (!groupOutPoints.isEmpty() && !groupOutPoints.get(0).txid().equals(outPoint.txid())) flushGroup();
        groupOutPoints.add(outPoint);
        groupCoins.add(coin);
        return true;
    }

    /** One transaction's coins: bitcoind writes the txid once for all of them. */
    private void flushGroup() {
        if (groupOutPoints.isEmpty()) return;
        ByteWriter w = new ByteWriter(64 + 48 * groupCoins.size());
        w.hash(groupOutPoints.get(0).txid()).compactSize(groupOutPoints.size());
        for (int i = 0; i < groupOutPoints.size(); i++) {
            w.compactSize(groupOutPoints.get(i).index());
            CoinCompression.writeCoin(w, groupCoins.get(i));
        }
        try {
            out.write(w.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += groupOutPoints.size();
        groupOutPoints.clear();
        groupCoins.clear();
    }
}
