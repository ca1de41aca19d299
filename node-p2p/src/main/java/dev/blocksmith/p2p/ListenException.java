package dev.blocksmith.p2p;

/** The node cannot listen where it was told to (bitcoind stops its start with the same texts). */
public final class ListenException extends RuntimeException {
    public ListenException(String message) {
        super(message);
    }
}
