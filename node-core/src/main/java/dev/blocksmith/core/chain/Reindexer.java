package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.core.store.WriteBatch;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -reindex} and {@code -reindex-chainstate} (bitcoind's ImportBlocks and the wipe before LoadChainstate): the
 * database is emptied of what is rebuilt, then every block of the blk files is processed again through
 * {@link ChainManager}, which validates and connects it as if received.
 */
final class Reindexer {
    private static final Logger LOG = LoggerFactory.getLogger(Reindexer.class);

    private final ChainManager chain;
    private final ChainDb db;
    private final BlockStore blocks;

    Reindexer(ChainManager chain, ChainDb db, BlockStore blocks) {
        this.chain = chain;
        this.db = db;
        this.blocks = blocks;
    }

    /**
     * Prepares a store for {@code -reindex-chainstate} (UTXO set, best chain and indexes are dropped; the block
     * index and the files are kept, validation state reset, undo data kept where it is, as bitcoind reuses it) or
     * {@code -reindex} (the block index is dropped too and the rev files deleted; {@link #reindexBlockFiles} rebuilds
     * them from the blk files). Refuses first, with bitcoind's errors, what cannot be rebuilt from the stored blocks:
     * {@code -reindex-chainstate} of a pruned database, or of a pruning node. {@code -reindex} starts over, pruned
     * flag included, and sets the reindexing flag: a start before it finished goes on with it.
     */
    static void wipeChainState(KeyValueStore store, BlockStore blocks, boolean dropBlockIndex, PruneOptions prune) {
        ChainDb db = new ChainDb(store);
        if (!dropBlockIndex) {
            if (prune.enabled()) {
                throw new IllegalStateException("Prune mode is incompatible with -reindex-chainstate. Use full -reindex instead.");
            }
            if (db.havePruned()) throw ChainLoader.unprunedAfterPruning();
        }
        // Blocks of an older database are moved into files first: -reindex rebuilds from the files.
        if (db.schemaVersion().orElse(ChainDb.SCHEMA_VERSION) == ChainDb.SCHEMA_BLOCKS_IN_DATABASE) {
            new BlockDataMigration(db, blocks).run();
        }
        db.wipeChainState(dropBlockIndex, BlockStatus.VALID_HEADER | BlockStatus.VALID_TRANSACTIONS
                | BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO | BlockStatus.OPT_WITNESS);
        if (dropBlockIndex) blocks.prepareReindex(prune.enabled());
        db.deleteTip();
    }

    /**
     * {@code -reindex} (bitcoind's ImportBlocks): reads blk00000.dat, blk00001.dat, ... until a number is missing,
     * and processes every block at its place in the files, as if it had just been received, out-of-order ones once
     * their parent came. Clears the reindexing flag when all files were read; stopped early, the next start goes on.
     * Returns the number of blocks processed.
     */
    int reindexBlockFiles(BooleanSupplier stopRequested) throws IOException {
        Map<Sha256Hash, List<FlatFilePos>> unknownParent = new HashMap<>();
        BlockFileImporter importer = new BlockFileImporter(chain);
        int n = 0;
        for (int file = 0; ; file++) {
            Optional<InputStream> in = blocks.openBlockFile(file);
            if (in.isEmpty()) break;
            LOG.info("Reindexing block file blk{}.dat...", String.format("%05d", file));
            try (InputStream stream = in.get()) {
                n += importer.reindexFile(file, stream, unknownParent, stopRequested).imported();
            }
            if (stopRequested.getAsBoolean()) {
                LOG.info("Interrupt requested. Exit reindexing.");
                return n;
            }
        }
        // The imported index first: the flag cleared before it would leave a crash here with blocks forgotten and no
        // reindex to find them again (they would be downloaded instead).
        chain.flush();
        try (WriteBatch b = db.store().newBatch()) {
            ChainDb.putReindexing(b, false);
            b.commit(true);
        }
        LOG.info("Reindexing finished");
        return n;
    }
}
