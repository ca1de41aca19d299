package dev.blocksmith.p2p.i2p;

/** A SAM exchange failed: the bridge was unreachable, closed the socket or answered other than expected. */
public final class SamException extends Exception {
    public SamException(String message) {
        super(message);
    }
}
