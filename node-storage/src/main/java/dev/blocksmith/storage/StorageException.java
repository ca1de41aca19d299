package dev.blocksmith.storage;

import java.util.Objects;

/**
 * A storage failure with a message fit for the operator. RocksDB's own exception never reaches callers:
 * {@link RocksDbKeyValueStore} maps its status to a {@link Reason} so the node can decide to stop, ask for
 * a reindex, or report "already running" without parsing strings.
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed, coarse enough for the caller to choose a reaction. */
    public enum Reason {
        /** Another process (or this one) holds the database lock. */
        LOCKED,
        /** The files on disk are damaged; the chain state must be rebuilt (bitcoind: -reindex). */
        CORRUPTED,
        /** The disk is full or an I/O call failed. */
        IO,
        /** The store was closed before or during the call. */
        CLOSED,
        /** A caller error such as a checkpoint target that already exists. */
        INVALID_ARGUMENT,
        /** Any other engine failure. */
        OTHER
    }

    private final Reason reason;

    public StorageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public StorageException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
