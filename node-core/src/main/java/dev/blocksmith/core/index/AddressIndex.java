package dev.blocksmith.core.index;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.KeyValueView;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Per-script history and unspent outputs (the "addressindex" of the Insight fork of bitcoind), kept
 * in the {@code addr_index} segment. The chain writes a block's entries when it connects the block, into the
 * {@code WriteBackBuffer} that holds them until the chain state flush writes them with the coins, so the index
 * never disagrees with the UTXO set, in memory or on disk; queries read through that buffer.
 *
 * <p>Keys, with {@code S} = SHA256(scriptPubKey):
 * <ul>
 *   <li>{@code 'h' S height(4,BE) txid(32) index(4,BE) spending(1)} → signed satoshi delta (8, LE):
 *       positive for an output received, negative for an input spending one;</li>
 *   <li>{@code 'u' S txid(32) vout(4,BE)} → the {@link Coin}.</li>
 * </ul>
 * It has no best-block marker and no catch-up: it is complete when it was on from genesis (or rebuilt by
 * {@code -reindex-chainstate}), and it is taken back after a crash only when this start runs with it.
 */
public final class AddressIndex implements BlockBatchIndex {
    private static final byte HISTORY = 'h';
    private static final byte UNSPENT = 'u';

    private final KeyValueView store;

    public AddressIndex(KeyValueView store) {
        this.store = store;
    }

    public static byte[] scriptHash(Script script) {
        return Hashes.sha256(script.rawBytes());
    }

    private static byte[] historyKey(byte[] sh, int height, Sha256Hash txid, int index, boolean spending) {
        return ByteBuffer.allocate(1 + 32 + 4 + 32 + 4 + 1).put(HISTORY).put(sh).putInt(height).put(txid.bytes())
                .putInt(index).put((byte) (spending ? 1 : 0)).array();
    }

    private static byte[] unspentKey(byte[] sh, OutPoint op) {
        return ByteBuffer.allocate(1 + 32 + 32 + 4).put(UNSPENT).put(sh).put(op.txid().bytes()).putInt((int) op.index()).array();
    }

    private static byte[] amount(long v) {
        return ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    @Override
    public String name() {
        return "addressindex";
    }

    /** Adds the effects of a connected block. {@code blockUndo} gives the coins its inputs spent. */
    @Override
    public void connect(WriteBatch batch, Block block, BlockIndex at, Supplier<BlockUndo> blockUndo) {
        int height = at.height();
        BlockUndo undo = blockUndo.get();
        List<Transaction> txs = block.transactions();
        for (int t = 0; t < txs.size(); t++) {
            Transaction tx = txs.get(t);
            if (t > 0) {
                List<Coin> spent = undo.spentByTx().get(t - 1);
                for (int i = 0; i < tx.inputs().size(); i++) {
                    Coin c = spent.get(i);
                    byte[] sh = scriptHash(c.output().scriptPubKey());
                    batch.putNew(StoreSegment.ADDR_INDEX, historyKey(sh, height, tx.txid(), i, true), amount(-c.output().value()));
                    batch.delete(StoreSegment.ADDR_INDEX, unspentKey(sh, tx.input(i).prevout()));
                }
            }
            for (int o = 0; o < tx.outputs().size(); o++) {
                TxOut out = tx.output(o);
                if (out.scriptPubKey().isUnspendable()) continue;
                byte[] sh = scriptHash(out.scriptPubKey());
                batch.putNew(StoreSegment.ADDR_INDEX, historyKey(sh, height, tx.txid(), o, false), amount(out.value()));
                byte[] unspent = unspentKey(sh, new OutPoint(tx.txid(), o));
                byte[] coin = new Coin(out, height, t == 0).serialize();
                // A new output's entry cannot be stored yet, except a coinbase's: before BIP34 a coinbase could repeat
                // an earlier one's txid (BIP30's two exceptions on the main network overwrote unspent outputs).
                if (t == 0) batch.put(StoreSegment.ADDR_INDEX, unspent, coin);
                else batch.putNew(StoreSegment.ADDR_INDEX, unspent, coin);
            }
        }
    }

    /** Reverts {@link #connect} exactly. */
    @Override
    public void disconnect(WriteBatch batch, Block block, BlockIndex at, Supplier<BlockUndo> blockUndo) {
        int height = at.height();
        BlockUndo undo = blockUndo.get();
        List<Transaction> txs = block.transactions();
        for (int t = txs.size() - 1; t >= 0; t--) {
            Transaction tx = txs.get(t);
            for (int o = 0; o < tx.outputs().size(); o++) {
                TxOut out = tx.output(o);
                if (out.scriptPubKey().isUnspendable()) continue;
                byte[] sh = scriptHash(out.scriptPubKey());
                batch.delete(StoreSegment.ADDR_INDEX, historyKey(sh, height, tx.txid(), o, false));
                batch.delete(StoreSegment.ADDR_INDEX, unspentKey(sh, new OutPoint(tx.txid(), o)));
            }
            if (t > 0) {
                List<Coin> spent = undo.spentByTx().get(t - 1);
                for (int i = 0; i < tx.inputs().size(); i++) {
                    Coin c = spent.get(i);
                    byte[] sh = scriptHash(c.output().scriptPubKey());
                    batch.delete(StoreSegment.ADDR_INDEX, historyKey(sh, height, tx.txid(), i, true));
                    batch.put(StoreSegment.ADDR_INDEX, unspentKey(sh, tx.input(i).prevout()), c.serialize());
                }
            }
        }
    }

    @Override
    public Optional<Sha256Hash> bestBlock() {
        return Optional.empty();
    }

    @Override
    public void putBestBlock(WriteBatch batch, BlockIndex tip) {
        // No marker: the index is written with each block only.
    }

    @Override
    public void catchUp(ChainManager chain) {
        // Nothing to catch up from: without a marker the blocks connected while it was off are unknown to it.
    }

    /** bitcoind has no address index: getindexinfo does not list it. */
    @Override
    public Optional<ChainIndex.IndexSummary> summary(int tipHeight) {
        return Optional.empty();
    }

    /** Balance and total received, in satoshis. */
    public record Balance(long balance, long received) {
    }

    public Balance balance(Script script) {
        long[] acc = new long[2];
        scanHistory(script, e -> {
            acc[0] += e.satoshis();
            if (e.satoshis() > 0) acc[1] += e.satoshis();
        });
        return new Balance(acc[0], acc[1]);
    }

    /** One entry of an address's history. */
    public record HistoryEntry(Sha256Hash txid, int index, int height, long satoshis, boolean spending) {
    }

    public void scanHistory(Script script, java.util.function.Consumer<HistoryEntry> visitor) {
        byte[] prefix = ByteBuffer.allocate(33).put(HISTORY).put(scriptHash(script)).array();
        store.scan(StoreSegment.ADDR_INDEX, prefix, (k, v) -> {
            ByteBuffer kb = ByteBuffer.wrap(k, 33, k.length - 33);
            int height = kb.getInt();
            byte[] txid = new byte[32];
            kb.get(txid);
            int index = kb.getInt();
            boolean spending = kb.get() != 0;
            long sats = ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            visitor.accept(new HistoryEntry(Sha256Hash.wrapOwned(txid), index, height, sats, spending));
            return true;
        });
    }

    /** Distinct txids touching the script, ordered by height, optionally within [start, end]. */
    public List<Sha256Hash> txids(Script script, int start, int end) {
        Set<Sha256Hash> out = new LinkedHashSet<>();
        scanHistory(script, e -> {
            if (e.height() >= start && e.height() <= end) out.add(e.txid());
        });
        return new ArrayList<>(out);
    }

    /** An unspent output of a script. */
    public record Utxo(OutPoint outPoint, Coin coin) {
    }

    public List<Utxo> utxos(Script script) {
        List<Utxo> out = new ArrayList<>();
        byte[] prefix = ByteBuffer.allocate(33).put(UNSPENT).put(scriptHash(script)).array();
        store.scan(StoreSegment.ADDR_INDEX, prefix, (k, v) -> {
            ByteBuffer kb = ByteBuffer.wrap(k, 33, k.length - 33);
            byte[] txid = new byte[32];
            kb.get(txid);
            long vout = Integer.toUnsignedLong(kb.getInt());
            out.add(new Utxo(new OutPoint(Sha256Hash.wrapOwned(txid), vout), Coin.deserialize(v)));
            return true;
        });
        out.sort((a, b) -> Integer.compare(a.coin().height(), b.coin().height()));
        return out;
    }
}
