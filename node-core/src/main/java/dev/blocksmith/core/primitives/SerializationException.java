package dev.blocksmith.core.primitives;

/** Thrown when bytes do not decode to a well-formed structure (truncated, oversized, non-canonical). */
public final class SerializationException extends RuntimeException {
    /**
     * What went wrong, for callers that must report it in another implementation's words (a PSBT
     * decoder repeats bitcoind's stream errors, which name these cases).
     */
    public enum Reason {
        /** The data ended before the structure did. */
        END_OF_DATA,
        /** A CompactSize used more bytes than its value needs. */
        NON_CANONICAL_SIZE,
        /** A CompactSize count or length above Core's MAX_SIZE. */
        SIZE_TOO_LARGE,
        /** A BIP144 witness flag with every witness empty. */
        SUPERFLUOUS_WITNESS,
        /** Transaction flag bits nobody defined. */
        UNKNOWN_OPTIONAL_DATA,
        /** Anything else. */
        MALFORMED
    }

    private final Reason reason;

    public SerializationException(String message) {
        this(Reason.MALFORMED, message);
    }

    public SerializationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
