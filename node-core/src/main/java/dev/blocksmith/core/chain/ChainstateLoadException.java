package dev.blocksmith.core.chain;

/**
 * The chain database cannot be used as it is and must be rebuilt (bitcoind's ChainstateLoadStatus::FAILURE):
 * bitcoind then suggests {@code -reindex} or {@code -reindex-chainstate}. The message is bitcoind's, without
 * the final period it adds before that suggestion.
 */
public final class ChainstateLoadException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChainstateLoadException(String message) {
        super(message);
    }

    /** What bitcoind prints on stderr when it stops at start for this reason (its non-interactive question). */
    public String startupMessage() {
        return ": " + getMessage() + "." + System.lineSeparator() + "Please restart with -reindex or -reindex-chainstate to recover.";
    }
}
