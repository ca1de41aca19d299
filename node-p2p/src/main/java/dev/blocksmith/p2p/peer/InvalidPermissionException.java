package dev.blocksmith.p2p.peer;

/** A -whitelist or -whitebind value bitcoind would refuse; the message is bitcoind's init error text. */
public final class InvalidPermissionException extends Exception {
    public InvalidPermissionException(String message) {
        super(message);
    }
}
