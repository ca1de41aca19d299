package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.BlockChecks;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of RPC {@code verifychain} (Core's CVerifyDB::VerifyDB), run on the last blocks of the
 * best chain from the tip down. Each level includes the lower ones:
 * <ol start="0">
 * <li>every block is readable and hashes to its index entry;</li>
 * <li>every block passes the context-free block checks (CheckBlock);</li>
 * <li>every block's undo data is present and readable;</li>
 * <li>disconnecting the blocks, tip first, from an in-memory view of the UTXO set finds exactly the
 * outputs they created and restores the ones the undo data says they spent;</li>
 * <li>reconnecting them to that view passes full validation, scripts included.</li>
 * </ol>
 * Nothing is written: levels 3 and 4 work on a {@link UtxoDelta} that is dropped afterwards. The caller
 * holds the chain lock so the tip cannot move underneath.
 */
final class ChainVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(ChainVerifier.class);
    static final int DEFAULT_CHECK_LEVEL = 3;
    static final int DEFAULT_CHECK_BLOCKS = 6;
    private static final int MAX_CHECK_LEVEL = 4;
    /**
     * Most UTXO changes levels 3 and 4 keep in memory (a few hundred bytes each). Core likewise stops
     * disconnecting when its coins cache is full, skips level 4 and reports failure, rather than
     * exhaust memory on {@code verifychain 4 0}.
     */
    static final int DEFAULT_MAX_VIEW_ENTRIES = 1_000_000;

    private final ChainManager chain;
    private final ChainDb db;
    private final int maxViewEntries;

    ChainVerifier(ChainManager chain) {
        this(chain, DEFAULT_MAX_VIEW_ENTRIES);
    }

    ChainVerifier(ChainManager chain, int maxViewEntries) {
        this.chain = chain;
        this.db = chain.db();
        this.maxViewEntries = maxViewEntries;
    }

    /** @param blocks how many blocks back from the tip; 0 (or more than the height) means all of them */
    boolean verify(int checkLevel, int blocks) {
        return check(checkLevel, blocks) == Outcome.SUCCESS;
    }

    /** bitcoind's VerifyDBResult: every check passed, something is damaged, or the check could not go as deep as asked. */
    enum Outcome { SUCCESS, CORRUPTED, SKIPPED }

    Outcome check(int checkLevel, int blocks) {
        BlockIndex tip = chain.tip().index();
        if (tip.prev() == null) return Outcome.SUCCESS;
        int level = Math.max(0, Math.min(MAX_CHECK_LEVEL, checkLevel));
        int depth = blocks <= 0 || blocks > tip.height() ? tip.height() : blocks;
        LOG.info("Verifying last {} blocks at level {}", depth, level);
        int stopHeight = tip.height() - depth;
        UtxoDelta view = new UtxoDelta(chain.utxoView());
        BlockIndex lowestDisconnected = null;
        long goodTransactions = 0;
        boolean unclean = false;
        boolean skippedLevel3 = false;
        boolean skippedNoData = false;
        for (BlockIndex idx = tip; idx.prev() != null && idx.height() > stopHeight; idx = idx.prev()) {
            // bitcoind: a pruning node checks only as far back as it has data, and says the check was partial.
            if (chain.pruneOptions().enabled() && !idx.haveData()) {
                LOG.info("Block verification stopping at height {} (no data). This could be due to pruning "
                        + "or use of an assumeutxo snapshot.", idx.height());
                skippedNoData = true;
                break;
            }
            Optional<Block> block = readBlock(idx);
            if (block.isEmpty()) return Outcome.CORRUPTED;
            if (level >= 1) {
                try {
                    BlockChecks.checkBlock(block.get(), chain.params(), true);
                } catch (ValidationException e) {
                    LOG.error("Verification error: found bad block at {}, hash={} ({})", idx.height(), idx.hash(), e.getMessage());
                    return Outcome.CORRUPTED;
                }
            }
            Optional<BlockUndo> undo = Optional.empty();
            if (level >= 2) {
                undo = readUndo(idx);
                if (undo.isEmpty()) {
                    LOG.error("Verification error: found bad undo data at {}, hash={}", idx.height(), idx.hash());
                    return Outcome.CORRUPTED;
                }
            }
            if (level >= 3 && view.size() > maxViewEntries) skippedLevel3 = true;
            if (level >= 3 && !skippedLevel3) {
                Optional<Boolean> clean = disconnect(block.get(), idx.height(), undo.get(), view);
                if (clean.isEmpty()) {
                    LOG.error("Verification error: irrecoverable inconsistency in block data at {}, hash={}", idx.height(), idx.hash());
                    return Outcome.CORRUPTED;
                }
                lowestDisconnected = idx;
                if (clean.get()) {
                    goodTransactions += block.get().transactions().size();
                } else {
                    unclean = true;
                    goodTransactions = 0;
                }
            }
        }
        if (unclean) {
            LOG.error("Verification error: coin database inconsistencies found (last {} blocks, {} good transactions before that)",
                    tip.height() - lowestDisconnected.height() + 1, goodTransactions);
            return Outcome.CORRUPTED;
        }
        if (skippedLevel3) {
            LOG.warn("Skipped verification of level >= 3 below height {} (too many UTXO changes to hold in memory)",
                    lowestDisconnected == null ? tip.height() + 1 : lowestDisconnected.height());
        }
        if (level >= 4 && lowestDisconnected != null && !skippedLevel3) {
            for (int h = lowestDisconnected.height(); h <= tip.height(); h++) {
                BlockIndex idx = tip.ancestor(h);
                Optional<Block> block = readBlock(idx);
                if (block.isEmpty()) return Outcome.CORRUPTED;
                try {
                    chain.connectBlock(block.get(), idx, view);
                } catch (ValidationException e) {
                    LOG.error("Verification error: found unconnectable block at {}, hash={} ({})", idx.height(), idx.hash(), e.getMessage());
                    return Outcome.CORRUPTED;
                }
            }
        }
        if (skippedLevel3 || skippedNoData) return Outcome.SKIPPED;
        LOG.info("Verification: no coin database inconsistencies in last {} blocks ({} transactions)", depth, goodTransactions);
        return Outcome.SUCCESS;
    }

    private Optional<Block> readBlock(BlockIndex idx) {
        Optional<Block> block;
        try {
            block = chain.block(idx.hash());
        } catch (SerializationException e) {
            block = Optional.empty();
        }
        if (block.isEmpty() || !block.get().hash().equals(idx.hash())) {
            LOG.error("Verification error: ReadBlock failed at {}, hash={}", idx.height(), idx.hash());
            return Optional.empty();
        }
        return block;
    }

    private Optional<BlockUndo> readUndo(BlockIndex idx) {
        try {
            return chain.undo(idx.hash());
        } catch (SerializationException e) {
            return Optional.empty();
        }
    }

    /**
     * Core's DisconnectBlock on {@code view}: empty when the undo data does not fit the block at all,
     * false when the UTXO set disagrees with the block or its undo data (an output it created is missing
     * or different, or a coin it spent is still there), true when it is consistent.
     */
    private static Optional<Boolean> disconnect(Block block, int height, BlockUndo undo, UtxoDelta view) {
        List<Transaction> txs = block.transactions();
        if (undo.spentByTx().size() + 1 != txs.size()) return Optional.empty();
        boolean clean = true;
        for (int t = txs.size() - 1; t >= 0; t--) {
            Transaction tx = txs.get(t);
            for (int o = 0; o < tx.outputs().size(); o++) {
                if (tx.output(o).scriptPubKey().isUnspendable()) continue;
                OutPoint op = new OutPoint(tx.txid(), o);
                Optional<Coin> coin = view.coin(op);
                if (coin.isEmpty() || !coin.get().equals(new Coin(tx.output(o), height, tx.isCoinbase()))) clean = false;
                view.spend(op);
            }
            if (t == 0) continue;
            List<Coin> spent = undo.spentByTx().get(t - 1);
            if (spent.size() != tx.inputs().size()) return Optional.empty();
            for (int i = tx.inputs().size() - 1; i >= 0; i--) {
                OutPoint prevout = tx.input(i).prevout();
                if (view.coin(prevout).isPresent()) clean = false;
                view.add(prevout, spent.get(i));
            }
        }
        return Optional.of(clean);
    }
}
