package dev.blocksmith.wallet.keystore;

/** Secret material was requested while the keystore is locked. */
public final class WalletLockedException extends Exception {
    public WalletLockedException() {
        super("Error: Please enter the wallet passphrase with walletpassphrase first.");
    }
}
