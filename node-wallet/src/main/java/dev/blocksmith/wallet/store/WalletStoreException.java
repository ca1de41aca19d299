package dev.blocksmith.wallet.store;

/** A wallet directory cannot be created, opened, read or written; the message is user-facing. */
public final class WalletStoreException extends Exception {
    public WalletStoreException(String message) {
        super(message);
    }

    public WalletStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
