package dev.blocksmith.wallet.keystore;

/** The passphrase did not decrypt the keystore: the AES-GCM tag did not verify. */
public final class WrongPassphraseException extends Exception {
    public WrongPassphraseException() {
        super("Error: The wallet passphrase entered was incorrect.");
    }
}
