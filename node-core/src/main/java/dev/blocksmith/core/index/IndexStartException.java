package dev.blocksmith.core.index;

/**
 * An optional index cannot start (bitcoind's StartIndexBackgroundSync failing): the node stops with bitcoind's two
 * error lines.
 */
public final class IndexStartException extends Exception {
    public IndexStartException(String message) {
        super(message);
    }

    /**
     * The blocks an index still has to read are pruned: bitcoind's InitError for the index that is furthest behind.
     */
    public static IndexStartException beyondPrunedData(String indexName) {
        return new IndexStartException(indexName + " best block of the index goes beyond pruned data. Please disable the"
                + " index or reindex (which will download the whole blockchain again)");
    }

    /** What bitcoind prints on stderr: the init error, then the fatal error that stops the start. */
    public String startupMessage() {
        return "Error: " + getMessage() + System.lineSeparator()
                + "Error: A fatal internal error occurred, see debug.log for details: Failed to start indexes, shutting down\u2026";
    }
}
