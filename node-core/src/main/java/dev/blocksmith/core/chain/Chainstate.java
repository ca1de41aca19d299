package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.BlockScriptFlags;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.consensus.ConsensusLimits;
import dev.blocksmith.core.consensus.LockTime;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.consensus.TxInputChecks;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.index.BlockBatchIndex;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.SigOpCounter;
import dev.blocksmith.core.store.WriteBackBuffer;
import dev.blocksmith.core.store.WriteBatch;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's Chainstate: the UTXO set (a {@link CoinsCache} over the coins in the database) and the connection
 * and disconnection of blocks on it. A connected block's coin changes stay in the cache, and the entries of the
 * enabled {@link BlockBatchIndex}es (-txindex, -addressindex) in their {@link WriteBackBuffer}; its index entry and
 * undo position are written in the block's own batch, the index entry's state at the last flush journaled
 * ({@link ChainDb#putIndex}). The coins, the indexes' entries and the block they belong to (the database's tip) reach
 * the database together in {@link #flush}, which empties the journal (and writes the indexes' best-block markers):
 * when the cache (coins and index entries) is full, periodically, before pruning and at shutdown. After a crash the
 * database is taken back to the last flush ({@link UncleanShutdownRecovery}): the blocks connected since are forgotten
 * and downloaded again, as in bitcoind.
 * <p>
 * Used under the chain lock only ({@link ChainManager} holds it).
 */
final class Chainstate {
    private static final Logger LOG = LoggerFactory.getLogger(Chainstate.class);

    private final NetworkParams params;
    private final ChainDb db;
    private final BlockStore blocks;
    private final BlockScriptVerifier scriptVerifier;
    private final ChainOptions options;
    /** The enabled per-block indexes. */
    private final List<BlockBatchIndex> indexes;
    /** Their entries written since the last flush. */
    private final WriteBackBuffer indexWrites;
    private final CoinsCache coins;
    private long lastFlushNanos = System.nanoTime();

    Chainstate(NetworkParams params, ChainDb db, BlockStore blocks, BlockScriptVerifier scriptVerifier,
               ChainOptions options, BlockBatchIndexes indexes, BooleanSupplier lockHeld) {
        this.params = params;
        this.db = db;
        this.blocks = blocks;
        this.scriptVerifier = scriptVerifier;
        this.options = options;
        this.indexes = indexes.enabled();
        this.indexWrites = indexes.writes();
        this.coins = new CoinsCache(db, lockHeld);
    }

    /** The UTXO set as the chain sees it: the cache, then the database. */
    UtxoView coins() {
        return coins;
    }

    /**
     * Connects {@code block} at {@code idx} (which extends the current tip): Core's ConnectBlock checks, the undo
     * data appended to the rev file unless it is there already, the block's batch committed and its coin changes
     * applied to the cache.
     *
     * @param checkScripts false when assumevalid lets the block's scripts go unchecked
     * @return the block's undo data
     */
    BlockUndo connect(Block block, BlockIndex idx, boolean checkScripts) throws ValidationException {
        UtxoDelta view = new UtxoDelta(coins);
        BlockUndo blockUndo = connectBlock(block, idx, view, checkScripts);
        // As bitcoind's WriteUndoDataForBlock: undo data already in the rev file (a block reconnected after a reorg,
        // a crash or -reindex-chainstate) is the same and stays; otherwise it is appended before the batch names it.
        if (idx.undoPos().isEmpty()) {
            byte[] undoBytes = blockUndo.serialize();
            idx.setUndoPos(blocks.writeUndo(idx.file(), undoBytes, idx.prev().hash()));
            idx.setUndoSize(undoBytes.length);
        }
        idx.addStatus(BlockStatus.VALID_SCRIPTS | BlockStatus.HAVE_UNDO);
        // The block and undo files are synced at the flush only, as bitcoind's: nothing durable names them before it
        // but the journaled block index entry, which a crash takes back.
        try (WriteBatch b = db.store().newBatch()) {
            db.putIndex(b, idx);
            ChainDb.putHeight(b, idx);
            b.commit();
        }
        writeIndexes((index, b) -> index.connect(b, block, idx, () -> blockUndo));
        coins.apply(view);
        return blockUndo;
    }

    /** Takes the tip block back out of the UTXO set with its undo data (Core's DisconnectBlock). */
    void disconnect(Block block, BlockUndo undo, BlockIndex idx) {
        List<Transaction> txs = block.transactions();
        try (WriteBatch b = db.store().newBatch()) {
            for (int t = txs.size() - 1; t >= 0; t--) {
                Transaction tx = txs.get(t);
                for (int o = 0; o < tx.outputs().size(); o++) {
                    if (!tx.output(o).scriptPubKey().isUnspendable()) coins.spend(new OutPoint(tx.txid(), o));
                }
                if (t > 0) {
                    List<Coin> spent = undo.spentByTx().get(t - 1);
                    for (int i = 0; i < tx.inputs().size(); i++) {
                        Coin c = spent.get(i);
                        coins.add(tx.input(i).prevout(), c, c.coinbase());
                    }
                }
            }
            ChainDb.deleteHeight(b, idx.height());
            b.commit();
        }
        writeIndexes((index, b) -> index.disconnect(b, block, idx, () -> undo));
    }

    /** One block's entries of every enabled index, into their buffer at once (queries see all of them or none). */
    private void writeIndexes(BiConsumer<BlockBatchIndex, WriteBatch> write) {
        if (indexes.isEmpty()) return;
        try (WriteBatch b = indexWrites.newBatch()) {
            for (BlockBatchIndex index : indexes) write.accept(index, b);
            b.commit();
        }
    }

    /**
     * Whether the cache holds more than -dbcache allows for it (bitcoind's CRITICAL cache state). The indexes' buffered
     * entries count with the coins: both wait for the flush on the heap.
     */
    boolean cacheFull() {
        return coins.usageBytes() + indexWrites.usageBytes() > options.coinsCacheBytes();
    }

    /** Whether the periodic flush is due (bitcoind writes the chain state about once an hour). */
    boolean periodicFlushDue() {
        return System.nanoTime() - lastFlushNanos > options.flushIntervalNanos();
    }

    /**
     * Writes every changed coin, the indexes' buffered entries and {@code tip} (the block they describe) in one synced
     * batch, then empties the cache and the buffer. The blocks and undo data up to the tip are in their files already,
     * synced here first, so a restart resumes from here and connects the stored blocks above it again.
     */
    void flush(BlockIndex tip) {
        long start = System.nanoTime();
        int entries = coins.size();
        long dirty = coins.dirtyCount();
        long bytes = coins.usageBytes();
        int indexEntries = indexWrites.size();
        // bitcoind's FlushStateToDisk: the block and undo files first, then the state that refers to them.
        blocks.sync();
        try (WriteBatch b = db.store().newBatch()) {
            coins.writeTo(b);
            indexWrites.writeTo(b);
            ChainDb.putTip(b, tip);
            // The indexes' best-block markers (bitcoind's indexes commit theirs at ChainStateFlushed).
            for (BlockBatchIndex index : indexes) index.putBestBlock(b, tip);
            // The block index entries written since the last flush become the flushed index (bitcoind writes its
            // dirty block index here): their pre-images are no longer needed.
            db.clearJournal(b);
            b.commit(true);
        }
        coins.clear();
        indexWrites.clear();
        lastFlushNanos = System.nanoTime();
        LOG.debug("Flushed chain state at height {}: {} coins changed of {} cached ({} KiB), {} index writes, in {} ms",
                tip.height(), dirty, entries, bytes / 1024, indexEntries, (System.nanoTime() - start) / 1_000_000);
    }

    /** Estimated heap bytes of the coins cache (gettxoutsetinfo-style reporting, tests). */
    long cacheUsageBytes() {
        return coins.usageBytes();
    }

    int cacheSize() {
        return coins.size();
    }

    /**
     * Core's ConnectBlock checks of {@code block} (at {@code idx}) against {@code view}: BIP30, inputs
     * present and mature, amounts, BIP68 sequence locks, the sigop cost, the coinbase amount and, with
     * {@code checkScripts}, every input script. Applies the block's spends and new outputs to {@code view} and
     * returns its undo data; writes nothing ({@link #connect} commits; verifychain level 4 uses a throw-away view).
     */
    BlockUndo connectBlock(Block block, BlockIndex idx, UtxoDelta view, boolean checkScripts) throws ValidationException {
        // Kept in small methods: the JIT compiles (and, after a deoptimisation, recompiles) each on its own, where
        // one large method cost seconds of compiler time per initial sync.
        int height = idx.height();
        int flags = BlockScriptFlags.forBlock(idx.hash(), height, params);
        if (enforceBip30(idx)) checkNoOverwrite(block, view);
        BlockContext ctx = new BlockContext(height, idx.prev(), height >= params.deployments().csvHeight(), flags);
        List<Transaction> txs = block.transactions();
        List<List<TxOut>> spentOutputs = new ArrayList<>(txs.size());
        List<List<Coin>> undo = new ArrayList<>(txs.size());
        long fees = 0;
        long sigopCost = 0;
        for (Transaction tx : txs) {
            List<TxOut> spent;
            if (tx.isCoinbase()) {
                spent = List.of();
            } else {
                // bitcoind's order: inputs present, CheckTxInputs, the fee total, BIP68, then the spends.
                List<Coin> coinsSpent = inputCoins(tx, view);
                fees += checkInputs(tx, coinsSpent, height);
                if (!Amount.inMoneyRange(fees)) {
                    throw new ValidationException("bad-txns-accumulated-fee-outofrange", "accumulated fee in the block out of range");
                }
                checkSequenceLocks(tx, coinsSpent, ctx);
                for (TxIn in : tx.inputs()) view.spend(in.prevout());
                spent = outputsOf(coinsSpent);
                undo.add(coinsSpent);
            }
            sigopCost += SigOpCounter.transactionCost(tx, spent, flags);
            if (sigopCost > ConsensusLimits.MAX_BLOCK_SIGOPS_COST) {
                throw new ValidationException("bad-blk-sigops", "too many sigops");
            }
            spentOutputs.add(spent);
            addOutputs(tx, height, view);
        }
        checkCoinbaseAmount(block, fees, height);
        if (checkScripts) scriptVerifier.verify(block, spentOutputs, flags);
        return new BlockUndo(undo);
    }

    /** What every transaction of a block is checked against. */
    private record BlockContext(int height, BlockIndex prev, boolean csv, int flags) {
    }

    private static void checkNoOverwrite(Block block, UtxoView view) throws ValidationException {
        for (Transaction tx : block.transactions()) {
            for (int o = 0; o < tx.outputs().size(); o++) {
                if (view.coin(new OutPoint(tx.txid(), o)).isPresent()) {
                    throw new ValidationException("bad-txns-BIP30", "tried to overwrite transaction");
                }
            }
        }
    }

    /** The coins {@code tx} spends, each present in {@code view}. */
    private static List<Coin> inputCoins(Transaction tx, UtxoView view) throws ValidationException {
        List<Coin> coinsSpent = new ArrayList<>(tx.inputs().size());
        for (TxIn in : tx.inputs()) {
            Optional<Coin> c = view.coin(in.prevout());
            if (c.isEmpty()) {
                throw new ValidationException("bad-txns-inputs-missingorspent",
                        "CheckTxInputs: inputs missing/spent in transaction " + tx.txid());
            }
            coinsSpent.add(c.get());
        }
        return coinsSpent;
    }

    private long checkInputs(Transaction tx, List<Coin> coinsSpent, int height) throws ValidationException {
        try {
            return TxInputChecks.check(tx, coinsSpent, height, params.coinbaseMaturity());
        } catch (ValidationException e) {
            // bitcoind: the input check's debug text, then " in transaction <txid>".
            throw new ValidationException(e.reason(), e.debug() + " in transaction " + tx.txid());
        }
    }

    private static void checkSequenceLocks(Transaction tx, List<Coin> coinsSpent, BlockContext ctx) throws ValidationException {
        List<Integer> heights = new ArrayList<>(coinsSpent.size());
        for (Coin c : coinsSpent) heights.add(c.height());
        LockTime.SequenceLocks locks = LockTime.sequenceLocks(tx, ctx.csv(), heights, ctx.prev(), ctx.height());
        if (!LockTime.sequenceLocksSatisfied(locks, ctx.height(), ctx.prev().medianTimePast())) {
            throw new ValidationException("bad-txns-nonfinal", "contains a non-BIP68-final transaction " + tx.txid());
        }
    }

    private static List<TxOut> outputsOf(List<Coin> coinsSpent) {
        List<TxOut> outs = new ArrayList<>(coinsSpent.size());
        for (Coin c : coinsSpent) outs.add(c.output());
        return outs;
    }

    private static void addOutputs(Transaction tx, int height, UtxoDelta view) {
        for (int o = 0; o < tx.outputs().size(); o++) {
            TxOut out = tx.output(o);
            if (out.scriptPubKey().isUnspendable()) continue;
            view.add(new OutPoint(tx.txid(), o), new Coin(out, height, tx.isCoinbase()));
        }
    }

    private void checkCoinbaseAmount(Block block, long fees, int height) throws ValidationException {
        long coinbaseOut = 0;
        for (TxOut out : block.coinbase().outputs()) coinbaseOut += out.value();
        long limit = fees + Subsidy.at(height, params);
        if (coinbaseOut > limit) {
            throw new ValidationException("bad-cb-amount",
                    "coinbase pays too much (actual=" + coinbaseOut + " vs limit=" + limit + ")");
        }
    }

    /** BIP30 applies except to the two historic duplicate-coinbase blocks and where BIP34 implies it. */
    private boolean enforceBip30(BlockIndex idx) {
        if (isBip30Exception(idx)) return false;
        var d = params.deployments();
        if (d.bip34Hash().isPresent() && idx.height() < ConsensusLimits.BIP34_IMPLIES_BIP30_LIMIT) {
            BlockIndex bip34 = idx.ancestor(d.bip34Height());
            if (bip34 != null && bip34.hash().equals(d.bip34Hash().get())) return false;
        }
        return true;
    }

    /**
     * The two mainnet blocks whose coinbases duplicate earlier ones (Core's IsBIP30Repeat): their
     * coinbase outputs overwrote, rather than added to, the UTXO set (getblockstats excludes them).
     */
    static boolean isBip30Exception(BlockIndex idx) {
        return (idx.height() == 91842 && idx.hash().toHex().equals("00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec"))
                || (idx.height() == 91880 && idx.hash().toHex().equals("00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721"));
    }
}
