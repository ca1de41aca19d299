package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.SerializedBlock;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.consensus.VersionBits;
import dev.blocksmith.core.index.AddressIndex;
import dev.blocksmith.core.index.BlockBatchIndex;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.tx.OutPoint;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the chain state: the block tree, the best chain and the UTXO set. Every write (headers, blocks,
 * connecting and disconnecting) happens under one lock, the explicit equivalent of bitcoind's
 * cs_main; every connected or disconnected block is one atomic batch (block index status, UTXO
 * delta, undo data, best-chain height, address and tx index, tip), so a crash at any moment leaves a
 * consistent tip. Readers use {@link #tip()} snapshots and lock-free lookups.
 * <p>
 * The facade of the chain (bitcoind's ChainstateManager): it holds the lock, wires the parts and delegates to them:
 * {@link ChainLoader} (start-up loading), {@link HeaderAcceptor} (AcceptBlockHeader, ProcessNewBlockHeaders),
 * {@link BlockAcceptor} (ProcessNewBlock, AcceptBlock, TestBlockValidity), {@link ChainActivation} (best-chain
 * activation, connect and disconnect, invalidateblock, preciousblock, reconsiderblock), {@link ChainFlusher}
 * (FlushStateToDisk), {@link Chainstate} (the UTXO set and ConnectBlock), {@link BlockTree} (the block index),
 * {@link PruneController} and {@link BlockPruner} (pruning), {@link Reindexer} (-reindex).
 */
public final class ChainManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainManager.class);

    private final NetworkParams params;
    private final ChainDb db;
    private final BlockStore blocks;
    private final ChainOptions options;
    private final LongSupplier clock;
    private final BlockBatchIndexes batchIndexes;
    private final PruneController pruning;
    private final Chainstate chainstate;
    /** Writes the coins cache with its tip and remembers the flushed tip. */
    private final ChainFlusher flusher;
    /** Moves the active chain to the best candidate and publishes its tip. */
    private final ChainActivation activation;
    private final HeaderAcceptor headerAcceptor;
    private final BlockAcceptor blockAcceptor;
    private final VersionBits versionBits = new VersionBits();
    private final NodeWarnings warnings = new NodeWarnings();

    private final ReentrantLock lock = new ReentrantLock();
    /** Every known header, the candidate tips and the invalid marks. */
    private final BlockTree tree = new BlockTree();
    private final ActiveChain chain = new ActiveChain();
    private final List<ChainListener> listeners = new CopyOnWriteArrayList<>();
    /** Where chain events leave the lock for the outside world (ZMQ): posted in bitcoind's validation order. */
    private volatile dev.blocksmith.core.events.ValidationEventQueue events = dev.blocksmith.core.events.ValidationEventQueue.discarding();
    /** Told about a fatal error (bitcoind's AbortNode), to stop the node; the message is bitcoind's. */
    private volatile java.util.function.Consumer<String> fatalErrorHandler = message -> { };

    private volatile boolean initialDownloadLatchedOff;

    private ChainManager(NetworkParams params, KeyValueStore store, BlockStore blocks, BlockScriptVerifier scriptVerifier,
                         ChainOptions options, LongSupplier clock) {
        this.params = params;
        this.db = new ChainDb(store);
        this.blocks = blocks;
        this.options = options;
        this.clock = clock;
        this.batchIndexes = new BlockBatchIndexes(db, options);
        this.chainstate = new Chainstate(params, db, blocks, scriptVerifier, options, batchIndexes, lock::isHeldByCurrentThread);
        this.flusher = new ChainFlusher(db, chainstate, chain, listeners);
        this.pruning = new PruneController(options.prune(), params, db, blocks, tree, chain, flusher::flush,
                this::isInitialBlockDownload);
        this.activation = new ChainActivation(this, params, db, tree, chain, chainstate,
                new AssumeValid(options.assumeValid(), params), pruning, flusher, listeners, () -> events, versionBits,
                warnings);
        this.headerAcceptor = new HeaderAcceptor(params, db, tree, clock);
        this.blockAcceptor = new BlockAcceptor(params, db, blocks, tree, chain, chainstate, headerAcceptor, activation,
                pruning, listeners, clock, this::isInitialBlockDownload);
    }

    /**
     * Opens the chain state from {@code store} with blocks and undo data in {@code blocks}, creating genesis on an
     * empty store, reloading the block index and resuming at the last committed tip; then connects any stored
     * blocks of a better chain.
     *
     * @param clock seconds since the epoch (for the future-timestamp rule and IBD)
     */
    public static ChainManager open(NetworkParams params, KeyValueStore store, BlockStore blocks,
                                    BlockScriptVerifier scriptVerifier, ChainOptions options, LongSupplier clock) {
        ChainManager cm = new ChainManager(params, store, blocks, scriptVerifier, options, clock);
        cm.load();
        // The in-batch indexes index the blocks connected while they were off (bitcoind's BaseIndex sync).
        cm.withChainLock(() -> cm.batchIndexes.enabled().forEach(index -> index.catchUp(cm)));
        return cm;
    }

    /**
     * As {@link #open(NetworkParams, KeyValueStore, BlockStore, BlockScriptVerifier, ChainOptions, LongSupplier)}
     * with the block files in memory: for a chain that lives as long as this object (tests, tools). Reopening
     * {@code store} later needs the same block store, so such callers pass one themselves.
     */
    public static ChainManager open(NetworkParams params, KeyValueStore store, BlockScriptVerifier scriptVerifier,
                                    ChainOptions options, LongSupplier clock) {
        return open(params, store, FlatFileBlockStore.inMemory(params.magic()), scriptVerifier, options, clock);
    }

    private void load() {
        lock.lock();
        try {
            new ChainLoader(params, db, blocks, options, clock, batchIndexes, tree, chain,
                    b -> block(b.hash()), b -> undo(b.hash())).load();
            activation.publishTip();
            flusher.loaded(chain.tip());
            pruning.load(tree.all());
            LOG.info("Loaded chain {}: {} headers, tip height {} hash {}", params.name(), tree.size(),
                    tip().height(), tip().hash());
            pruning.logConfiguration();
            activation.activateBestChain();
            // bitcoind prunes once at start (PruneAndFlush), e.g. when -prune was just lowered.
            pruning.pruneToTarget();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    public NetworkParams params() {
        return params;
    }

    public ChainDb db() {
        return db;
    }

    public ChainTip tip() {
        return activation.tip();
    }

    public BlockIndex bestHeader() {
        return tree.bestHeader();
    }

    public Optional<BlockIndex> index(Sha256Hash hash) {
        return tree.get(hash);
    }

    /** The block at {@code height} on the best chain. */
    public Optional<BlockIndex> atHeight(int height) {
        return Optional.ofNullable(chain.at(height));
    }

    public boolean isOnBestChain(BlockIndex idx) {
        return chain.contains(idx);
    }

    /** The next block on the best chain after {@code idx}, if idx is on it. */
    public Optional<BlockIndex> next(BlockIndex idx) {
        return chain.contains(idx) ? Optional.ofNullable(chain.at(idx.height() + 1)) : Optional.empty();
    }

    public List<Sha256Hash> locator() {
        return chain.locator(chain.tip());
    }

    public List<Sha256Hash> locator(BlockIndex from) {
        return chain.locator(from);
    }

    /** The last block of the best chain that the locator names (genesis if none). */
    public BlockIndex findFork(List<Sha256Hash> locator) {
        for (Sha256Hash h : locator) {
            BlockIndex idx = tree.getOrNull(h);
            if (idx != null) {
                if (chain.contains(idx)) return idx;
                BlockIndex fork = chain.findFork(idx);
                if (fork != null) return fork;
            }
        }
        return chain.at(0);
    }

    /** The block, read from its blk file; empty when unknown, pruned, or its file record is missing or damaged. */
    public Optional<Block> block(Sha256Hash hash) {
        return parsedBlock(hash, Block::parseOwned);
    }

    /** As {@link #block}, held as its bytes with its transactions parsed as they are visited (large RPC replies). */
    public Optional<SerializedBlock> serializedBlock(Sha256Hash hash) {
        return parsedBlock(hash, SerializedBlock::ofOwned);
    }

    private <T> Optional<T> parsedBlock(Sha256Hash hash, java.util.function.Function<byte[], T> parser) {
        // Each read is a fresh array, so the parsed form may keep it.
        return rawBlock(hash).flatMap(raw -> {
            try {
                return Optional.of(parser.apply(raw));
            } catch (dev.blocksmith.core.primitives.SerializationException e) {
                LOG.error("ReadBlock: Deserialize or I/O error - {} at {}", e.getMessage(), tree.getOrNull(hash).dataPos());
                return Optional.empty();
            }
        });
    }

    public Optional<byte[]> rawBlock(Sha256Hash hash) {
        return tree.get(hash).flatMap(BlockIndex::dataPos).flatMap(blocks::readBlock);
    }

    /**
     * The block's undo data, read from its rev file and checked against its checksum; empty when missing, pruned
     * or damaged. Genesis has none to read: its undo data is empty.
     */
    public Optional<BlockUndo> undo(Sha256Hash hash) {
        return parsedUndo(hash, BlockUndo::deserialize, new BlockUndo(List.of()));
    }

    /** As {@link #undo}, held as its bytes with each transaction's coins parsed when they are read (large RPC replies). */
    public Optional<SerializedUndo> serializedUndo(Sha256Hash hash) {
        return parsedUndo(hash, SerializedUndo::ofOwned, SerializedUndo.EMPTY);
    }

    private <T> Optional<T> parsedUndo(Sha256Hash hash, java.util.function.Function<byte[], T> parser, T genesis) {
        BlockIndex idx = tree.getOrNull(hash);
        if (idx == null || !idx.hasStatus(BlockStatus.HAVE_UNDO)) return Optional.empty();
        if (idx.prev() == null) return Optional.of(genesis);
        return idx.undoPos().flatMap(p -> blocks.readUndo(p, idx.prev().hash())).flatMap(raw -> {
            try {
                return Optional.of(parser.apply(raw));
            } catch (dev.blocksmith.core.primitives.SerializationException e) {
                return Optional.empty();
            }
        });
    }

    /** Where blocks and undo data are kept. */
    public BlockStore blockStore() {
        return blocks;
    }

    public Optional<Coin> coin(OutPoint op) {
        return chainstate.coins().coin(op);
    }

    /**
     * bitcoind's AccessByTxid: some unspent output of {@code txid} (its lowest index), which tells the height of the
     * block holding the transaction while any of its outputs is unspent (gettxoutproof without -txindex).
     */
    public Optional<Coin> unspentCoinOf(Sha256Hash txid) {
        lock.lock();
        try {
            // A prefix scan of the database: the cached changes go there first.
            flusher.flush();
            return db.firstUnspentCoinOf(txid);
        } finally {
            lock.unlock();
        }
    }

    /** The chain's UTXO set as a view (the coins cache, then the database). */
    public UtxoView utxoView() {
        return chainstate.coins();
    }

    public Optional<AddressIndex> addressIndex() {
        return batchIndexes.addressIndex();
    }

    public Optional<TxLocation> txLocation(Sha256Hash txid) {
        return batchIndexes.txIndex().flatMap(index -> index.location(txid));
    }

    /** The enabled indexes written with each block (getindexinfo lists bitcoind's among them). */
    public List<BlockBatchIndex> batchIndexes() {
        return batchIndexes.enabled();
    }

    public ChainOptions options() {
        return options;
    }

    public int headerCount() {
        return tree.size();
    }

    /** Every known block with no known child: the chain tips of getchaintips. */
    public List<BlockIndex> chainTips() {
        return tree.tips(tip().index());
    }

    /** Core's IsInitialBlockDownload: true until the tip is recent and has enough work; then latched off. */
    public boolean isInitialBlockDownload() {
        if (initialDownloadLatchedOff) return false;
        ChainTip t = tip();
        if (t.chainWork().compareTo(params.minimumChainWork()) < 0) return true;
        if (t.index().time() < clock.getAsLong() - options.maxTipAgeSeconds()) return true;
        initialDownloadLatchedOff = true;
        LOG.info("Leaving initial block download at height {}", t.height());
        return false;
    }

    public long now() {
        return clock.getAsLong();
    }

    /** The warnings raised about this chain (unknown rules activated by version bits). */
    public NodeWarnings warnings() {
        return warnings;
    }

    /** The BIP9 state of this chain's version-bits deployments (cached per period). */
    public VersionBits versionBits() {
        return versionBits;
    }

    /**
     * Returns once every chain event of work finished before the call has reached the {@link #addListener synchronous
     * listeners}: they are called on the validating thread while it holds the chain lock, so the events of a block
     * are delivered before the lock is free. Queued listeners: {@link #awaitQueuedListeners()}.
     */
    public void awaitListeners() {
        lock.lock();
        lock.unlock();
    }

    /**
     * Returns once every chain event of work finished before the call has reached the {@link #addQueuedListener queued
     * listeners} too (bitcoind's SyncWithValidationInterfaceQueue). Must not be called holding a lock a queued listener
     * takes, nor from a queued listener.
     */
    public void awaitQueuedListeners() throws InterruptedException {
        awaitListeners();
        events.sync();
    }

    /** Whether the calling thread holds the chain lock (tests of who is called under it). */
    boolean chainLockHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** Runs {@code action} while no block is being validated (bitcoind's LOCK(cs_main) around setmocktime). */
    public void withChainLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a listener called on the validating thread under the chain lock, before the block's work is done
     * (bitcoind's calls inside ConnectTip and ActivateBestChain: the mempool's removal of a block's transactions, the
     * block-tip notifications of -stopatheight, -blocknotify and the RPC waits). It must be quick and must not wait
     * for other threads. Everything else listens through {@link #addQueuedListener}.
     */
    public void addListener(ChainListener l) {
        listeners.add(l);
    }

    /**
     * Registers a listener that hears the chain through the validation event queue set by {@link #publishTo}, in
     * order and outside the chain lock (bitcoind's validation interface queue: wallets); without a queue, at once.
     * {@link #removeListener} with the same listener stops it.
     */
    public void addQueuedListener(ChainListener l) {
        listeners.add(new QueuedChainListener(l, () -> events));
    }

    /**
     * Posts block connections, disconnections and tip updates to {@code queue} from now on, under the chain lock
     * and in bitcoind's order: a disconnection before the listeners (the mempool's return of its transactions)
     * see it, a connection after them (the mempool's removal of conflicts), the tip once per activation.
     */
    public void publishTo(dev.blocksmith.core.events.ValidationEventQueue queue) {
        this.events = java.util.Objects.requireNonNull(queue);
    }

    /** Unregisters a listener of either kind; a queued one hears nothing more once this returns. */
    public void removeListener(ChainListener l) {
        listeners.remove(l);
        for (ChainListener registered : listeners) {
            if (registered instanceof QueuedChainListener q && q.target() == l) {
                listeners.remove(q);
                q.deactivate();
            }
        }
    }

    // ---------------------------------------------------------------- header acceptance

    /** Validates and stores a header (Core's AcceptBlockHeader). Known headers are returned as they are. */
    public BlockIndex processHeader(BlockHeader header) throws ValidationException {
        lock.lock();
        try {
            return headerAcceptor.accept(header);
        } finally {
            lock.unlock();
        }
    }

    /** Processes a run of headers; stops at the first invalid one (throwing) after storing the valid prefix. */
    public List<BlockIndex> processHeaders(List<BlockHeader> headers) throws ValidationException {
        lock.lock();
        try {
            return headerAcceptor.acceptAll(headers);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- block acceptance

    /**
     * Validates and stores a block, then moves the best chain to the most-work valid tip. Throws if the
     * block (or, when it was to be connected, its connection) is invalid; the chain state is unchanged
     * by an invalid block.
     */
    public BlockAcceptance processBlock(Block block) throws ValidationException {
        return processBlock(block, true);
    }

    /**
     * As {@link #processBlock(Block)}, with bitcoind's AcceptBlock rules for blocks nobody asked for
     * ({@code requested} false, e.g. unsolicited P2P blocks): the header is stored, but the block itself
     * only if its chain has at least the tip's work, is at most {@link #MIN_BLOCKS_TO_KEEP} blocks ahead of
     * the tip and reaches the minimum chain work; otherwise {@link BlockAcceptance#IGNORED}.
     * <p>
     * bitcoind runs CheckBlock before the header is even accepted and never caches its failures: a block
     * whose transactions do not match its header may be a mutated copy of a valid block, and the real
     * block must stay acceptable. Contextual failures mark the block invalid, except those that can come
     * from a mutated witness (BLOCK_MUTATED).
     */
    public BlockAcceptance processBlock(Block block, boolean requested) throws ValidationException {
        return processBlock(block, requested, Optional.empty());
    }

    /**
     * {@code -reindex}: processes a block read from the blk files at {@code pos}, where it stays (bitcoind's
     * AcceptBlock with a disk position): it is validated, indexed and connected as if received, not written again.
     */
    public BlockAcceptance processStoredBlock(Block block, FlatFilePos pos) throws ValidationException {
        return processBlock(block, true, Optional.of(pos));
    }

    private BlockAcceptance processBlock(Block block, boolean requested, Optional<FlatFilePos> storedAt)
            throws ValidationException {
        lock.lock();
        try {
            return blockAcceptor.processNewBlock(block, requested, storedAt);
        } finally {
            lock.unlock();
        }
    }

    /**
     * bitcoind's TestBlockValidity: whether {@code block} would be a valid next block on the current tip,
     * without storing it or its header and without touching the chain state. Runs the node's own rules in
     * bitcoind's order: CheckBlock (proof of work and the signet solution only with {@code checkPow}; the
     * merkle root always), the contextual header and block checks against the tip, then ConnectBlock on a
     * throw-away view of the UTXO set under a stand-in index entry that is never linked into the block index.
     *
     * @throws ValidationException the first rule the block breaks; {@code inconclusive-not-best-prevblk}
     *     when it does not build on the tip (it cannot be judged there)
     */
    public void testBlockValidity(Block block, boolean checkPow) throws ValidationException {
        lock.lock();
        try {
            blockAcceptor.testBlockValidity(block, checkPow);
        } finally {
            lock.unlock();
        }
    }

    /** bitcoind's MIN_BLOCKS_TO_KEEP: unrequested blocks further ahead of the tip are not stored. */
    public static final int MIN_BLOCKS_TO_KEEP = 288;

    // ---------------------------------------------------------------- best chain

    /** Core's ConnectBlock checks on a throw-away view, every script checked (verifychain). */
    BlockUndo connectBlock(Block block, BlockIndex idx, UtxoDelta view) throws ValidationException {
        return chainstate.connectBlock(block, idx, view, true);
    }

    /**
     * The two mainnet blocks whose coinbases duplicate earlier ones (Core's IsBIP30Repeat): their
     * coinbase outputs overwrote, rather than added to, the UTXO set (getblockstats excludes them).
     */
    public static boolean isBip30Exception(BlockIndex idx) {
        return Chainstate.isBip30Exception(idx);
    }

    // ---------------------------------------------------------------- pruning

    /** The -prune settings. */
    public PruneOptions pruneOptions() {
        return pruning.options();
    }

    /** bitcoind's PruneAfterHeight for this chain and -fastprune: nothing is pruned until the chain is longer. */
    public int pruneAfterHeight() {
        return pruning.pruneAfterHeight();
    }

    /** True once block data was pruned from this database (bitcoind's m_have_pruned). */
    public boolean havePruned() {
        return pruning.havePruned();
    }

    /** bitcoind's IsBlockPruned: the block was stored (its transactions are counted) and its data was pruned. */
    public boolean isBlockPruned(BlockIndex idx) {
        return pruning.isBlockPruned(idx);
    }

    /** Bytes of block and undo data kept, as the prune target counts them (0 when pruning is off). */
    public long storedBlockBytes() {
        return pruning.storedBlockBytes();
    }

    /**
     * bitcoind's GetPruneHeight: the height of the last block of the best chain (above genesis) without block
     * or undo data below the run of blocks that have both up to the tip; empty when nothing is pruned.
     */
    public OptionalInt lastPrunedHeight() {
        lock.lock();
        try {
            return pruning.lastPrunedHeight();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether every block of the best chain from {@code fromHeight} to {@code toHeight} has its data (bitcoind's
     * Chain::hasBlocks, which a rescan checks first).
     */
    public boolean hasBlockData(int fromHeight, int toHeight) {
        return pruning.hasBlockData(fromHeight, toHeight);
    }

    /**
     * RPC pruneblockchain (bitcoind's PruneBlockFilesManual): deletes the data and undo data of every stored block
     * at or below {@code height}, never one of the last {@link #MIN_BLOCKS_TO_KEEP} blocks of the best chain.
     * Returns the height of the last pruned block ({@link #lastPrunedHeight()}). The caller checks the height
     * against the chain as bitcoind's RPC does.
     */
    public OptionalInt pruneBlockchain(int height) {
        lock.lock();
        try {
            pruning.pruneManual(height);
            return pruning.lastPrunedHeight();
        } finally {
            lock.unlock();
        }
    }

    /**
     * bitcoind's UpdatePruneLock: an index (by name) still reads blocks from {@code heightFirst} on, so no pruning
     * reaches above {@code heightFirst - PRUNE_LOCK_BUFFER - 1} ({@link PruneController#PRUNE_LOCK_BUFFER}).
     */
    public void updatePruneLock(String name, int heightFirst) {
        pruning.updatePruneLock(name, heightFirst);
    }

    // ---------------------------------------------------------------- operator actions

    /** RPC invalidateblock: marks a block invalid and moves the tip off it. */
    public void invalidateBlock(Sha256Hash hash) throws ValidationException {
        lock.lock();
        try {
            BlockIndex idx = knownBlock(hash);
            if (idx.prev() == null) throw new ValidationException("genesis-block", "cannot invalidate genesis");
            activation.invalidate(idx);
        } finally {
            lock.unlock();
        }
    }

    /**
     * bitcoind's PreciousBlock: among the chains with as much work as the tip, prefer the one ending in
     * {@code hash}, as if it had been received first; a block with less work than the tip is left alone.
     */
    public void preciousBlock(Sha256Hash hash) throws ValidationException {
        lock.lock();
        try {
            activation.precious(knownBlock(hash));
        } finally {
            lock.unlock();
        }
    }

    /** RPC reconsiderblock: clears the failure flags of a block and its descendants and ancestors. */
    public void reconsiderBlock(Sha256Hash hash) throws ValidationException {
        lock.lock();
        try {
            activation.reconsider(knownBlock(hash));
        } finally {
            lock.unlock();
        }
    }

    /** The block an operator action names; bitcoind's "Block not found" when it is unknown. */
    private BlockIndex knownBlock(Sha256Hash hash) throws ValidationException {
        BlockIndex idx = tree.getOrNull(hash);
        if (idx == null) throw new ValidationException(ValidationException.Kind.INCONCLUSIVE, "block-not-found", "Block not found");
        return idx;
    }

    /**
     * Prepares a store for {@code -reindex-chainstate} (UTXO set, best chain and indexes are dropped; the block
     * index and the files are kept) or {@code -reindex} (the block index is dropped too and the rev files deleted;
     * {@link #reindexBlockFiles} rebuilds them from the blk files); see {@link Reindexer#wipeChainState}.
     */
    public static void wipeChainState(KeyValueStore store, BlockStore blocks, boolean dropBlockIndex, PruneOptions prune) {
        Reindexer.wipeChainState(store, blocks, dropBlockIndex, prune);
    }

    /** True when a {@code -reindex} was started and has not finished: the node goes on with it. */
    public boolean reindexPending() {
        return db.reindexing();
    }

    /** {@link #reindexBlockFiles(BooleanSupplier)} to the end. */
    public int reindexBlockFiles() throws java.io.IOException {
        return reindexBlockFiles(() -> false);
    }

    /**
     * {@code -reindex} (bitcoind's ImportBlocks): every block of the blk files processed at its place in them, as if
     * it had just been received (see {@link Reindexer#reindexBlockFiles}). Returns the number of blocks processed.
     */
    public int reindexBlockFiles(BooleanSupplier stopRequested) throws java.io.IOException {
        return new Reindexer(this, db, blocks).reindexBlockFiles(stopRequested);
    }

    /**
     * Who is told about a fatal error: the node stops with bitcoind's "A fatal internal error occurred" message.
     */
    public void setFatalErrorHandler(java.util.function.Consumer<String> handler) {
        fatalErrorHandler = java.util.Objects.requireNonNull(handler);
    }

    /** bitcoind's AbortNode: logged, the handler told (the node shuts down), and the operation stopped by throwing. */
    void fatalError(String message) {
        LOG.error("*** {}", message);
        try {
            fatalErrorHandler.accept(message);
        } catch (RuntimeException e) {
            LOG.error("Fatal error handler failed", e);
        }
        throw new BlockStoreException(message);
    }

    /**
     * bitcoind's VerifyLoadedChainstate at start (-checkblocks, -checklevel): the last blocks of the chain are read
     * back with their undo data and checked against the coins; damage refuses the start with bitcoind's error.
     */
    public void verifyAtStartup(int checkLevel, int checkBlocks) {
        lock.lock();
        try {
            if (chain.tip().height() == 0) return;
            LOG.info("Verifying blocks...");
            if (new ChainVerifier(this).check(checkLevel, checkBlocks) == ChainVerifier.Outcome.CORRUPTED) {
                throw new ChainstateLoadException("Corrupted block database detected");
            }
        } finally {
            lock.unlock();
        }
    }

    /** verifychain's default check level (Core's DEFAULT_CHECKLEVEL). */
    public static final int DEFAULT_CHECK_LEVEL = ChainVerifier.DEFAULT_CHECK_LEVEL;
    /** verifychain's default number of blocks (Core's DEFAULT_CHECKBLOCKS). */
    public static final int DEFAULT_CHECK_BLOCKS = ChainVerifier.DEFAULT_CHECK_BLOCKS;

    /**
     * RPC verifychain: checks the last {@code blocks} blocks of the best chain (0 = all) at
     * {@code checkLevel} 0-4 (see {@link ChainVerifier}); true when no problem was found, the reason
     * being logged otherwise. Holds the chain lock throughout and writes nothing.
     */
    public boolean verifyChain(int checkLevel, int blocks) {
        lock.lock();
        try {
            return new ChainVerifier(this).verify(checkLevel, blocks);
        } finally {
            lock.unlock();
        }
    }

    /** UTXO set statistics without a set hash, from a full scan under the chain lock. */
    public UtxoStats utxoStats() {
        return utxoStats(UtxoSetStatistics.HashType.NONE);
    }

    /** UTXO set statistics from a full scan; the chain lock is held, so the figures match the tip exactly. */
    public UtxoStats utxoStats(UtxoSetStatistics.HashType hashType) {
        lock.lock();
        try {
            // A scan of the database, as bitcoind's gettxoutsetinfo after its flush.
            flusher.flush();
            UtxoSetStatistics stats = new UtxoSetStatistics(hashType);
            db.forEachCoin(stats);
            return stats.result(tip());
        } finally {
            lock.unlock();
        }
    }

    /** What dumptxoutset reports of a snapshot written by {@link #writeUtxoSnapshot}. */
    public record UtxoSnapshotResult(long coinsWritten, Sha256Hash baseHash, int baseHeight, Sha256Hash txOutSetHash, long chainTx) {
    }

    /**
     * dumptxoutset: writes the UTXO set of the tip into the new file {@code file} in bitcoind's snapshot format, with
     * its hash_serialized_3 from the same scan. The chain lock is held, so the snapshot is exactly the tip's.
     */
    public UtxoSnapshotResult writeUtxoSnapshot(java.nio.file.Path file) throws java.io.IOException {
        lock.lock();
        try {
            flusher.flush();
            ChainTip tip = tip();
            UtxoSetStatistics stats = new UtxoSetStatistics(UtxoSetStatistics.HashType.HASH_SERIALIZED_3);
            long written = dev.blocksmith.core.chain.snapshot.UtxoSnapshotWriter.write(file, params.magic(), tip.index().hash(),
                    writer -> db.forEachCoin((op, coin) -> stats.visit(op, coin) && writer.visit(op, coin)));
            Sha256Hash hash = stats.result(tip).hash().orElseThrow();
            return new UtxoSnapshotResult(written, tip.index().hash(), tip.index().height(), hash, tip.index().chainTxCount());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a consistent copy of the chain database into {@code dir} and of the blk/rev files into {@code blocksDir}
     * while the node runs: the chain lock is held, so nothing is written meanwhile and the copy ends exactly at the
     * returned tip (a RocksDB checkpoint: hard links where possible; the block files are copied).
     */
    public ChainTip checkpoint(java.nio.file.Path dir, java.nio.file.Path blocksDir) {
        lock.lock();
        try {
            flusher.flush();
            db.store().checkpoint(dir);
            try {
                java.nio.file.Files.createDirectories(blocksDir);
            } catch (java.io.IOException e) {
                throw new BlockStoreException("Cannot create " + blocksDir + ": " + e.getMessage(), e);
            }
            try (DirectoryBlockFiles target = new DirectoryBlockFiles(blocksDir)) {
                blocks.copyTo(target);
            } catch (java.io.IOException e) {
                throw new BlockStoreException("Cannot close the copied block files: " + e.getMessage(), e);
            }
            return tip();
        } finally {
            lock.unlock();
        }
    }

    /** Total work of the best chain, for RPC. */
    public BigInteger chainWork() {
        return tip().chainWork();
    }

    /**
     * Writes the coins cache with its tip and makes everything durable (the shutdown path calls this before closing
     * the store; bitcoind's FlushStateToDisk(ALWAYS)).
     */
    public void flush() {
        lock.lock();
        try {
            flusher.flushAndSync();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the coins cache to the database and returns the tip the database's coins now describe: a scan of
     * {@link ChainDb#forEachCoin} that finds the chain's tip still at this one afterwards saw exactly its UTXO set.
     */
    public ChainTip flushCoins() {
        lock.lock();
        try {
            flusher.flush();
            return tip();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The block of the last chain state flush: it and its ancestors survive a crash, the blocks connected after it do
     * not (an index commits only a best block at or below it).
     */
    public BlockIndex flushedTip() {
        return flusher.flushedTip();
    }

    /** Estimated bytes held by the coins cache (bitcoind's coins_tip cache usage). */
    public long coinsCacheUsageBytes() {
        lock.lock();
        try {
            return chainstate.cacheUsageBytes();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        flush();
    }
}
