package dev.blocksmith.core.miniscript;

/**
 * A miniscript text that names a fragment but cannot be read (a key the key parser refuses); the message
 * is the key parser's, which bitcoind reports as the descriptor's error.
 */
public final class MiniscriptParseException extends Exception {
    public MiniscriptParseException(String message) {
        super(message);
    }
}
