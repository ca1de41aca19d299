package dev.blocksmith.core.index;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.WriteBatch;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An index written as each block is connected or disconnected, under the chain lock ({@code -txindex},
 * {@code -addressindex}), into the chain's write-back buffer that the flush writes with the coins.
 * <p>
 * bitcoind runs all its indexes, TxIndex included, as a BaseIndex: a database of its own that catches up in the
 * background, then follows the chain as a validation interface subscriber and commits its best block (a locator) at
 * the chain state flush. Blocksmith keeps these two indexes in the chain database and writes their entries with
 * each block, so they never disagree with the chain and are at the tip whenever the chain lock is free. That is
 * why they implement this interface rather than {@link ChainIndex}: its background catch-up, queued delivery and
 * awaitSyncedToTip would mean nothing here. What they keep of BaseIndex is the best-block marker written at the flush
 * (BaseIndex::ChainStateFlushed), the catch-up at start over the blocks connected while the index was off
 * (BaseIndex::Sync, with its log lines) and their getindexinfo entry.
 * <p>
 * The chain ({@code Chainstate}) calls {@link #connect}, {@link #disconnect} and {@link #putBestBlock} for the enabled
 * indexes. Its connect and disconnect batches go to a {@code WriteBackBuffer} that the chain state flush writes with
 * the coins (as bitcoind's coins cache), so the entries on disk describe the flushed tip and an unclean shutdown
 * leaves nothing of them to take back. A database from before that (schema 3 and older) wrote them with each block:
 * after its crash {@code UncleanShutdownRecovery} takes back the entries of the blocks connected since the last flush
 * through {@link #disconnect}, for an enabled index and for one whose marker shows that it followed the chain before
 * this start turned it off.
 */
public interface BlockBatchIndex {
    /** bitcoind's name of the index ("txindex"), as its log lines and getindexinfo use it. */
    String name();

    /**
     * Writes the entries of {@code block}, connected at {@code at}, into the block's batch.
     *
     * @param undo the coins the block spends; read only by an index that needs them (after a crash, the recovery
     *             reads the rev file only then)
     */
    void connect(WriteBatch batch, Block block, BlockIndex at, Supplier<BlockUndo> undo);

    /** Takes back exactly what {@link #connect} wrote for {@code block}. */
    void disconnect(WriteBatch batch, Block block, BlockIndex at, Supplier<BlockUndo> undo);

    /** The block the durable marker names (bitcoind's index locator); empty before the first one, or for an index without one. */
    Optional<Sha256Hash> bestBlock();

    /** Writes the marker at {@code tip}, in the chain state flush's batch (or the recovery's, going back to the flush). */
    void putBestBlock(WriteBatch batch, BlockIndex tip);

    /**
     * Indexes the active-chain blocks the marker is behind (bitcoind's BaseIndex::Sync, which runs in the background;
     * here at start, under the chain lock, before the node serves anything).
     */
    void catchUp(ChainManager chain);

    /** Its getindexinfo entry at a tip of {@code tipHeight}; empty for an index bitcoind does not have. */
    Optional<ChainIndex.IndexSummary> summary(int tipHeight);
}
