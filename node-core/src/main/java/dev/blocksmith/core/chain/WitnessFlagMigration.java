package dev.blocksmith.core.chain;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.store.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Upgrades a chain database from before {@link BlockStatus#OPT_WITNESS}: its blocks at or above the segwit height were
 * received with the segwit rules the node then ran (the same parameters it opens the database with), so they get the
 * flag they would have had; without it the start-up check would ask for a -reindex of every such database.
 */
final class WitnessFlagMigration {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessFlagMigration.class);

    private final ChainDb db;
    private final NetworkParams params;

    WitnessFlagMigration(ChainDb db, NetworkParams params) {
        this.db = db;
        this.params = params;
    }

    void run() {
        List<BlockIndex.Stored> flagged = new ArrayList<>();
        db.forEachIndexEntry((hash, stored) -> {
            if (stored.height() >= params.deployments().segwitHeight() && (stored.status() & BlockStatus.HAVE_DATA) != 0
                    && (stored.status() & BlockStatus.OPT_WITNESS) == 0) {
                flagged.add(stored.withStatus(stored.status() | BlockStatus.OPT_WITNESS));
            }
        });
        try (WriteBatch b = db.store().newBatch()) {
            for (BlockIndex.Stored s : flagged) ChainDb.putIndexEntry(b, s);
            // The schema this migration produces; the loader moves it to the current one once the crash recovery (which
            // reads it) is done.
            ChainDb.putSchemaVersion(b, ChainDb.SCHEMA_INDEXES_PER_BLOCK);
            b.commit(true);
        }
        LOG.info("Marked {} stored blocks as received with segwit's rules; the chain database is at schema {}", flagged.size(),
                ChainDb.SCHEMA_INDEXES_PER_BLOCK);
    }
}
