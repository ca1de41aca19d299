package dev.blocksmith.core.chain;

/**
 * A block or undo file could not be written or opened. bitcoind treats these as fatal (AbortNode): the chain
 * cannot go on without the data it just validated.
 */
public final class BlockStoreException extends RuntimeException {
    public BlockStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public BlockStoreException(String message) {
        super(message);
    }
}
