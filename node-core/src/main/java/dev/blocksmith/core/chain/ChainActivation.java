package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.consensus.VersionBits;
import dev.blocksmith.core.events.ValidationEventQueue;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.store.WriteBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Best-chain activation (bitcoind's Chainstate::ActivateBestChain with ConnectTip, DisconnectTip, and the operator's
 * InvalidateBlock, PreciousBlock and ResetBlockFailureFlags): moves the active chain to the most-work valid candidate
 * of the {@link BlockTree}, disconnecting back to the fork and connecting the new branch block by block through
 * {@link Chainstate}, refusing a switch that pruned data would leave half-way, marking the blocks that fail, and
 * telling the listeners and the validation event queue in bitcoind's order. It publishes the {@link ChainTip}
 * snapshot readers use.
 * <p>
 * Used by {@link ChainManager} under its lock only.
 */
final class ChainActivation {
    private static final Logger LOG = LoggerFactory.getLogger(ChainActivation.class);

    private final ChainManager cm;
    private final NetworkParams params;
    private final ChainDb db;
    private final BlockTree tree;
    private final ActiveChain chain;
    private final Chainstate chainstate;
    private final AssumeValid assumeValid;
    private final PruneController pruning;
    private final ChainFlusher flusher;
    private final List<ChainListener> listeners;
    private final Supplier<ValidationEventQueue> events;
    private final VersionBits versionBits;
    private final NodeWarnings warnings;

    private volatile ChainTip tip;
    /** The block being processed, connected as it is when it becomes the next tip (never read back from its file). */
    private Block pendingBlock;

    ChainActivation(ChainManager cm, NetworkParams params, ChainDb db, BlockTree tree, ActiveChain chain,
                    Chainstate chainstate, AssumeValid assumeValid, PruneController pruning, ChainFlusher flusher,
                    List<ChainListener> listeners, Supplier<ValidationEventQueue> events, VersionBits versionBits,
                    NodeWarnings warnings) {
        this.cm = cm;
        this.params = params;
        this.db = db;
        this.tree = tree;
        this.chain = chain;
        this.chainstate = chainstate;
        this.assumeValid = assumeValid;
        this.pruning = pruning;
        this.flusher = flusher;
        this.listeners = listeners;
        this.events = events;
        this.versionBits = versionBits;
        this.warnings = warnings;
    }

    /** The last published tip (readers' snapshot, read without the lock). */
    ChainTip tip() {
        return tip;
    }

    /** {@link #activateBestChain()} with {@code block} at hand: connected as it is if it becomes the next tip. */
    void activateBestChain(Block block) {
        pendingBlock = block;
        try {
            activateBestChain();
        } finally {
            pendingBlock = null;
        }
    }

    /** bitcoind's ActivateBestChain: moves the active chain to the best valid candidate. */
    void activateBestChain() {
        activateBestChain(false);
    }

    /**
     * @param earlierFirstAtEqualWork after invalidateblock moved the tip back: among chains of equal work the one
     *     whose block became known first wins, as in bitcoind's candidate set (lowest sequence id), even over the
     *     new tip. Otherwise the tip keeps its place against an equal-work block that arrives later, which is what
     *     bitcoind's data-arrival sequence ids give in normal operation (here ids are given to headers, so the
     *     general comparison could prefer a block whose header came first but whose data came last).
     */
    void activateBestChain(boolean earlierFirstAtEqualWork) {
        boolean changed = false;
        BlockIndex startTip = chain.tip();
        while (true) {
            BlockIndex current = chain.tip();
            BlockIndex best = tree.bestCandidate().orElse(null);
            if (best == null || best == current) break;
            if (!BlockTree.preferred(best, current, earlierFirstAtEqualWork)) break;
            BlockIndex fork = chain.findFork(best);
            if (!reorgDataAvailable(current, fork, best)) continue;
            if (fork != current) {
                LOG.info("Reorganizing: disconnecting {} blocks back to {} (height {}) for a chain of {} new blocks",
                        current.height() - fork.height(), fork.hash(), fork.height(), best.height() - fork.height());
            }
            while (chain.tip() != fork) {
                disconnectTip(true);
                changed = true;
            }
            List<BlockIndex> path = new ArrayList<>();
            for (BlockIndex b = best; b != fork; b = b.prev()) path.add(b);
            Collections.reverse(path);
            for (BlockIndex b : path) {
                try {
                    connectTip(b);
                    changed = true;
                    flusher.flushIfNeeded();
                } catch (ValidationException e) {
                    // bitcoind's ConnectBlock line for a block its transactions or scripts make invalid.
                    LOG.info("Block validation error: {}", e.stateString());
                    markInvalid(b, e);
                    for (ChainListener l : listeners) {
                        try {
                            l.blockInvalid(b, e.reason());
                        } catch (RuntimeException ex) {
                            LOG.error("Chain listener failed on an invalid block", ex);
                        }
                    }
                    break;
                }
            }
        }
        if (changed) {
            BlockIndex t = chain.tip();
            tree.settleCandidates(t);
            publishTip();
            boolean ibd = cm.isInitialBlockDownload();
            for (ChainListener l : listeners) {
                try {
                    l.tipChanged(tip, ibd);
                } catch (RuntimeException e) {
                    LOG.error("Chain listener failed on tip change", e);
                }
            }
            events.get().updatedBlockTip(t, chain.findFork(startTip), ibd);
            // bitcoind's UpdateTip, outside initial block download: blocks following rules this node does not know.
            if (!ibd) {
                for (int bit : versionBits.unknownActivations(t, params)) {
                    String warning = "Unknown new rules activated (versionbit " + bit + ")";
                    if (warnings.set(NodeWarnings.UNKNOWN_NEW_RULES_ACTIVATED, warning)) LOG.warn("Warning: {}", warning);
                }
            }
            pruning.pruneToTarget();
            flusher.flushIfPeriodic();
        }
    }

    /**
     * Whether every block to disconnect (tip down to the fork) still has its data and undo data, and every
     * block to connect has its data. When pruning removed some, the switch is refused before anything
     * changes: {@code best} leaves the candidates (waiting for the missing block of its own branch, which
     * may be downloaded again, or for good when the best chain's own history is gone) and the tip stays.
     */
    private boolean reorgDataAvailable(BlockIndex current, BlockIndex fork, BlockIndex best) {
        for (BlockIndex b = current; b != fork; b = b.prev()) {
            if (!b.haveData() || !b.hasStatus(BlockStatus.HAVE_UNDO)) {
                tree.dropCandidate(best);
                LOG.error("Cannot switch to the chain of {} (height {}): block {} at height {} of the active chain has been "
                        + "pruned, so the chain cannot be disconnected back to the fork at height {}",
                        best.hash(), best.height(), b.hash(), b.height(), fork.height());
                return false;
            }
        }
        BlockIndex missing = null;
        for (BlockIndex b = best; b != fork; b = b.prev()) {
            if (!b.haveData()) missing = b;
        }
        if (missing != null) {
            tree.awaitData(missing, best);
            LOG.info("Cannot connect the chain of {} yet: block {} at height {} has no data (pruned)", best.hash(),
                    missing.hash(), missing.height());
            return false;
        }
        return true;
    }

    /** Publishes the active chain's tip as the readers' snapshot and raises the best header to it. */
    void publishTip() {
        BlockIndex t = chain.tip();
        tip = new ChainTip(t, t.medianTimePast());
        tree.raiseBestHeader(t);
    }

    private void connectTip(BlockIndex idx) throws ValidationException {
        Block pending = pendingBlock;
        Block block = pending != null && pending.hash().equals(idx.hash()) ? pending
                : cm.block(idx.hash()).orElseThrow(() -> new BlockStoreException("Failed to read block " + idx.hash()));
        BlockIndex prev = idx.prev();
        if (prev != chain.tip()) throw new IllegalStateException("connectTip: " + idx + " does not extend the tip");
        long start = System.nanoTime();
        int height = idx.height();
        chainstate.connect(block, idx, assumeValid.checkScripts(idx, tree::getOrNull, tree.bestHeader()));
        chain.setTip(idx);
        tip = new ChainTip(idx, idx.medianTimePast());
        if (LOG.isDebugEnabled()) {
            LOG.debug("Connected block {} height {} ({} txs) in {} ms", idx.hash(), height, block.transactions().size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        long took = System.nanoTime() - start;
        for (ChainListener l : listeners) {
            try {
                l.blockValidated(idx, block.transactions().size(), took);
                l.blockConnected(block, idx);
            } catch (RuntimeException e) {
                LOG.error("Chain listener failed on block connected", e);
            }
        }
        // After the listeners, so the mempool's removals for this block (their sequence numbers, the conflicts' R
        // events) come first, as bitcoind's BlockConnected follows removeForBlock. Unlike bitcoind, where mempool
        // acceptance takes cs_main, a transaction accepted on another thread in the moment between the mempool's
        // removals and this post is announced before the C (its number then counts the block's removals already).
        events.get().blockConnected(block, idx);
    }

    /**
     * bitcoind's DisconnectTip: the tip's block is disconnected with its undo data; {@code returnTransactions} tells
     * the listeners whether its transactions go back to the mempool.
     */
    void disconnectTip(boolean returnTransactions) {
        // bitcoind's ActivateBestChainStep: a block of the active chain that cannot be disconnected in normal
        // operation is a failure of the local system; staying on a chain with less work is no option, so it is fatal.
        if (!tryDisconnectTip(returnTransactions)) {
            LOG.error("Failed to disconnect block.");
            cm.fatalError("Failed to disconnect block.");
        }
    }

    /**
     * bitcoind's DisconnectTip: false, with nothing changed, if the tip's block or undo data cannot be read now (a
     * damaged or deleted file); the caller decides whether that is fatal.
     */
    boolean tryDisconnectTip(boolean returnTransactions) {
        BlockIndex idx = chain.tip();
        if (idx.prev() == null) throw new IllegalStateException("cannot disconnect genesis");
        Optional<Block> stored = cm.block(idx.hash());
        Optional<BlockUndo> storedUndo = stored.isPresent() ? cm.undo(idx.hash()) : Optional.empty();
        if (stored.isEmpty() || storedUndo.isEmpty()) {
            LOG.error("DisconnectTip: {} of block {} cannot be read", stored.isEmpty() ? "data" : "undo data", idx.hash());
            return false;
        }
        Block block = stored.get();
        BlockUndo undo = storedUndo.get();
        chainstate.disconnect(block, undo, idx);
        chain.setTip(idx.prev());
        tip = new ChainTip(idx.prev(), idx.prev().medianTimePast());
        LOG.info("Disconnected block {} at height {}", idx.hash(), idx.height());
        pruning.movePruneLocksBelow(idx);
        events.get().blockDisconnected(block, idx);
        // The queued listeners hear of it first, as bitcoind queues BlockDisconnected in DisconnectTip and the
        // mempool's return of the block's transactions (their TransactionAddedToMempool) follows.
        for (ChainListener l : listeners) {
            if (l instanceof QueuedChainListener) l.blockDisconnected(block, idx, returnTransactions);
        }
        for (ChainListener l : listeners) {
            if (l instanceof QueuedChainListener) continue;
            try {
                l.blockDisconnected(block, idx, returnTransactions);
            } catch (RuntimeException e) {
                LOG.error("Chain listener failed on block disconnected", e);
            }
        }
        return true;
    }

    /** Marks {@code idx} (and its descendants) invalid, written at once, with bitcoind's warning line. */
    void markInvalid(BlockIndex idx, ValidationException why) {
        List<BlockIndex> changed = tree.markInvalid(idx, why, chain.tip());
        try (WriteBatch b = db.store().newBatch()) {
            for (BlockIndex c : changed) db.putIndex(b, c);
            b.commit();
        }
        LOG.warn("Invalid block {} at height {}: {}", idx.hash(), idx.height(), why.getMessage());
    }

    /**
     * bitcoind's InvalidateBlock for a block other than genesis: refused while a block to disconnect lacks its data,
     * otherwise the active chain is disconnected below {@code idx}, which is marked invalid, and the best chain
     * activated again.
     */
    void invalidate(BlockIndex idx) throws ValidationException {
        if (chain.contains(idx)) {
            // Refused before any block is disconnected: the state never stops half-way at pruned data.
            for (BlockIndex b = chain.tip(); b != idx.prev(); b = b.prev()) {
                if (!PruneController.hasDataAndUndo(b)) {
                    throw new ValidationException("pruned-data", "cannot disconnect block " + b.hash() + " at height "
                            + b.height() + ": its block or undo data has been pruned");
                }
            }
        }
        // bitcoind returns the transactions of the first ten blocks it disconnects to the mempool, not deeper.
        int disconnected = 0;
        while (chain.contains(idx)) {
            if (!tryDisconnectTip(++disconnected <= 10)) {
                // As bitcoind's InvalidateBlock: not fatal; what was disconnected stays so until the best chain is
                // activated again, and nothing is marked invalid.
                tree.rebuildCandidates(chain);
                publishTip();
                throw new ValidationException("disconnect-failed", "Failed to disconnect block " + chain.tip().hash());
            }
        }
        markInvalid(idx, new ValidationException("invalidated", "invalidated by the operator"));
        tree.rebuildCandidates(chain);
        activateBestChain(true);
        publishTip();
        // No flush here (bitcoind's ActivateBestChain flushes only when due): the failure marks reach the database
        // with the next flush, and an unclean shutdown before it forgets them with everything else since the last
        // flush, whose tip was valid.
    }

    /**
     * bitcoind's PreciousBlock: among the chains with as much work as the tip, the one ending in {@code idx} is
     * preferred as if it had been received first, and the best chain activated; a block with less work than the tip
     * is left alone.
     */
    void precious(BlockIndex idx) {
        if (tree.makePrecious(idx, chain.tip().chainWork())) activateBestChain();
    }

    /**
     * bitcoind's ResetBlockFailureFlags, then ActivateBestChain (reconsiderblock): the failure marks of {@code idx},
     * its descendants and ancestors are cleared and written at once, the candidates and the best header recomputed.
     */
    void reconsider(BlockIndex idx) {
        try (WriteBatch b = db.store().newBatch()) {
            for (BlockIndex other : tree.clearFailures(idx)) db.putIndex(b, other);
            b.commit();
        }
        tree.rebuildCandidates(chain);
        tree.recomputeBestHeader(chain.tip());
        activateBestChain();
    }
}
