package dev.blocksmith.core.primitives;

/** Thrown when bytes do not decode to a well-formed structure (truncated, oversized, non-canonical). */
public final class SerializationException extends RuntimeException {
    public SerializationException(String message) {
        super(message);
    }
}
