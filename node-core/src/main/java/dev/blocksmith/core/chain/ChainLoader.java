package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.ConsensusLimits;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's start-up loading (bitcoind's LoadBlockIndex and LoadChainstate): the database is checked to belong to
 * this network and to this pruning mode, migrated from older schemas, given genesis when empty, its block index read
 * into the {@link BlockTree}, taken back to the last flush after an unclean shutdown, and checked against the clock,
 * the blk files beside it and segwit's rules; the active chain then ends at the stored tip and the candidate tips are
 * rebuilt. Connecting a better stored chain is left to {@link ChainManager}, which holds the chain lock throughout.
 */
final class ChainLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ChainLoader.class);

    private final NetworkParams params;
    private final ChainDb db;
    private final BlockStore blocks;
    private final ChainOptions options;
    private final LongSupplier clock;
    private final BlockBatchIndexes batchIndexes;
    private final BlockTree tree;
    private final ActiveChain chain;
    private final Function<BlockIndex, Optional<Block>> readBlock;
    private final Function<BlockIndex, Optional<BlockUndo>> readUndo;

    ChainLoader(NetworkParams params, ChainDb db, BlockStore blocks, ChainOptions options, LongSupplier clock,
                BlockBatchIndexes batchIndexes, BlockTree tree, ActiveChain chain,
                Function<BlockIndex, Optional<Block>> readBlock, Function<BlockIndex, Optional<BlockUndo>> readUndo) {
        this.params = params;
        this.db = db;
        this.blocks = blocks;
        this.options = options;
        this.clock = clock;
        this.batchIndexes = batchIndexes;
        this.tree = tree;
        this.chain = chain;
        this.readBlock = readBlock;
        this.readUndo = readUndo;
    }

    /**
     * Loads the block index and sets the active chain to the stored tip (genesis, written first, on an empty
     * database). Throws {@link ChainstateLoadException} with bitcoind's message for a database the node cannot start
     * from.
     */
    void load() {
        Optional<String> net = db.network();
        if (net.isPresent() && !net.get().equals(params.name())) {
            throw new IllegalStateException("chain database belongs to network '" + net.get()
                    + "', not '" + params.name() + "'");
        }
        // bitcoind: a database that was pruned cannot serve as a full node again without re-downloading.
        if (db.havePruned() && !options.prune().enabled()) throw unprunedAfterPruning();
        Optional<Sha256Hash> storedTip = db.tip();
        int schema = db.schemaVersion().orElse(ChainDb.SCHEMA_VERSION);
        if (schema == ChainDb.SCHEMA_BLOCKS_IN_DATABASE) {
            new BlockDataMigration(db, blocks).run();
        }
        if (schema <= ChainDb.SCHEMA_BEFORE_WITNESS_FLAG) new WitnessFlagMigration(db, params).run();
        if (storedTip.isEmpty()) {
            initGenesis();
            // After -reindex-chainstate the index and blocks survive: reconnect them from genesis.
            loadIndex();
            tree.rebuildCandidates(chain);
            return;
        }
        loadIndex();
        BlockIndex t = tree.getOrNull(storedTip.get());
        if (t == null) throw new IllegalStateException("chain database tip " + storedTip.get() + " is not in the block index");
        if (db.hasJournal()) {
            // An unclean shutdown: back to the last flush, as bitcoind, which never wrote what came after it.
            boolean indexesPerBlock = schema <= ChainDb.SCHEMA_INDEXES_PER_BLOCK;
            new UncleanShutdownRecovery(db, batchIndexes, readBlock, readUndo, indexesPerBlock).run(tree::getOrNull, t);
            tree.clear();
            loadIndex();
            t = tree.getOrNull(storedTip.get());
        }
        if (schema < ChainDb.SCHEMA_VERSION) {
            // After the recovery, which had to know: from now on the per-block indexes are written at the flush only.
            try (WriteBatch b = db.store().newBatch()) {
                ChainDb.putSchemaVersion(b, ChainDb.SCHEMA_VERSION);
                b.commit(true);
            }
        }
        // bitcoind's VerifyLoadedChainstate: a tip more than two hours ahead of the (possibly mocked) clock.
        if (t.time() > clock.getAsLong() + ConsensusLimits.MAX_FUTURE_BLOCK_TIME) {
            throw new ChainstateLoadException("The block database contains a block which appears to be from the future. "
                    + "This may be due to your computer's date and time being set incorrectly. Only rebuild the block "
                    + "database if you are sure that your computer's date and time are correct");
        }
        checkBlockFilesPresent();
        if (needsRedownload(t)) {
            throw new ChainstateLoadException(String.format("Witness data for blocks after height %d requires validation. "
                    + "Please restart with -reindex.", params.deployments().segwitHeight()));
        }
        chain.setTip(t);
        tree.rebuildCandidates(chain);
    }

    /** bitcoind's refusal to run unpruned on a database that was pruned. */
    static ChainstateLoadException unprunedAfterPruning() {
        return new ChainstateLoadException("You need to rebuild the database using -reindex to go back to unpruned mode.  "
                + "This will redownload the entire blockchain");
    }

    /**
     * bitcoind's NeedsRedownload: a block of the best chain at or above the segwit height that was received before
     * segwit applied to it (a node upgraded to segwit rules, or regtest's -testactivationheight lowered).
     */
    private boolean needsRedownload(BlockIndex chainTip) {
        for (BlockIndex b = chainTip; b != null && b.height() >= params.deployments().segwitHeight(); b = b.prev()) {
            if (!b.hasStatus(BlockStatus.OPT_WITNESS)) return true;
        }
        return false;
    }

    /**
     * bitcoind's check at start ("Checking all blk files are present..."): every blk file a block with data points
     * into must exist, or the database does not describe the files beside it.
     */
    private void checkBlockFilesPresent() {
        LOG.info("Checking all blk files are present...");
        Set<Integer> files = new TreeSet<>();
        for (BlockIndex idx : tree.all()) idx.dataPos().ifPresent(p -> files.add(p.file()));
        for (int f : files) {
            if (!blocks.hasBlockFile(f)) {
                LOG.error("Unable to open file {}", String.format("blk%05d.dat", f));
                throw new ChainstateLoadException("Error loading block database");
            }
        }
    }

    private void initGenesis() {
        Block genesis = params.genesis();
        BlockIndex g = tree.addGenesis(genesis.header(),
                BlockStatus.VALID_HEADER | BlockStatus.VALID_TRANSACTIONS | BlockStatus.VALID_SCRIPTS
                        | BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO
                        | (params.deployments().segwitHeight() <= 0 ? BlockStatus.OPT_WITNESS : 0),
                genesis.transactions().size());
        byte[] raw = genesis.serialize();
        g.setDataSize(raw.length);
        // Genesis has no undo data (its coinbase is never spendable; bitcoind writes none): nothing to disconnect.
        g.setUndoSize(0);
        // After -reindex the first record of blk00000.dat is the genesis block written before: it is used, not
        // written again, so the files keep bitcoind's layout.
        FlatFilePos first = new FlatFilePos(0, FlatFileBlockStore.HEADER_BYTES);
        boolean reused = blocks.hasBlockFile(0) && blocks.readBlock(first).filter(r -> Arrays.equals(r, raw)).isPresent();
        g.setDataPos(reused ? first : blocks.writeBlock(raw));
        blocks.sync();
        try (WriteBatch b = db.store().newBatch()) {
            ChainDb.putMeta(b, params.name());
            // Genesis and the tip in one synced batch: a flush, after which nothing is journaled.
            db.clearJournal(b);
            ChainDb.putIndexFlushed(b, g);
            ChainDb.putHeight(b, g);
            ChainDb.putTip(b, g);
            b.commit(true);
        }
        chain.setTip(g);
    }

    private void loadIndex() {
        List<BlockIndex.Stored> stored = new ArrayList<>();
        db.forEachIndexEntry((hash, entry) -> stored.add(entry));
        for (BlockIndex.Stored orphan : tree.load(stored)) {
            LOG.warn("Block index entry {} has no parent; ignored", orphan.header().hash());
        }
    }
}
