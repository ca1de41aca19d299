package dev.blocksmith.core.index;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainDb;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.TxLocation;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.KeyValueView;
import dev.blocksmith.core.store.WriteBatch;
import dev.blocksmith.core.tx.Transaction;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -txindex}: where each confirmed transaction is (bitcoind's TxIndex), for getrawtransaction, gettxoutproof and
 * REST. Its entries (txid to block hash and position) and its best-block marker are keys of the chain database, laid
 * out by {@link ChainDb}; they are written with each block (to the disk at the flush, with the marker).
 */
public final class TxIndex implements BlockBatchIndex {
    private static final Logger LOG = LoggerFactory.getLogger(TxIndex.class);
    /** Blocks indexed per committed batch during the catch-up at start. */
    private static final int CATCH_UP_BATCH_BLOCKS = 1000;

    private final ChainDb db;
    /** The index's entries: the database's, with those written since the last flush over them. */
    private final KeyValueView entries;

    public TxIndex(ChainDb db, KeyValueView entries) {
        this.db = db;
        this.entries = entries;
    }

    @Override
    public String name() {
        return "txindex";
    }

    /** Where the index found {@code txid}. */
    public Optional<TxLocation> location(Sha256Hash txid) {
        return ChainDb.txLocation(entries, txid);
    }

    @Override
    public void connect(WriteBatch batch, Block block, BlockIndex at, Supplier<BlockUndo> undo) {
        ChainDb.putTxIndexEntries(batch, block, at);
    }

    @Override
    public void disconnect(WriteBatch batch, Block block, BlockIndex at, Supplier<BlockUndo> undo) {
        for (Transaction tx : block.transactions()) ChainDb.deleteTxIndexEntry(batch, tx.txid());
    }

    @Override
    public Optional<Sha256Hash> bestBlock() {
        return db.txIndexBest();
    }

    @Override
    public void putBestBlock(WriteBatch batch, BlockIndex tip) {
        ChainDb.putTxIndexBest(batch, tip);
    }

    /**
     * From the active-chain block the marker names (or genesis, whose coinbase bitcoind never indexes) to the tip, a
     * thousand blocks per batch, each batch moving the marker with it. bitcoind's log lines, which tests read.
     */
    @Override
    public void catchUp(ChainManager chain) {
        BlockIndex tip = chain.tip().index();
        Optional<BlockIndex> best = bestBlock().flatMap(chain::index).filter(chain::isOnBestChain);
        if (best.isPresent() && best.get() == tip) return;
        int from = best.map(i -> i.height() + 1).orElse(1);
        LOG.info("Syncing {} with block chain from height {}", name(), from - 1);
        for (int h = from; h <= tip.height(); ) {
            try (WriteBatch b = db.store().newBatch()) {
                int end = Math.min(tip.height(), h + CATCH_UP_BATCH_BLOCKS - 1);
                for (; h <= end; h++) {
                    BlockIndex idx = chain.atHeight(h).orElseThrow();
                    Block block = chain.block(idx.hash()).orElseThrow(() -> new IllegalStateException(
                            name() + ": block " + idx.hash() + " at height " + idx.height() + " is not available (pruned?)"));
                    ChainDb.putTxIndexEntries(b, block, idx);
                    putBestBlock(b, idx);
                }
                b.commit();
            }
        }
        LOG.info("{} is enabled at height {}", name(), tip.height());
    }

    /** Written with each block, so at the tip. */
    @Override
    public Optional<ChainIndex.IndexSummary> summary(int tipHeight) {
        return Optional.of(new ChainIndex.IndexSummary(name(), true, tipHeight));
    }
}
