package dev.blocksmith.wallet.account;

/** Where the private keys of a wallet descriptor come from. */
public enum KeySource {
    /** Derived from the wallet's BIP32 seed along the descriptor's origin path (the default descriptors). */
    SEED,
    /** The private descriptor given to importdescriptors, kept with the wallet's other secrets. */
    IMPORTED,
    /** None: the descriptor watches scripts it cannot sign for. */
    WATCH_ONLY
}
