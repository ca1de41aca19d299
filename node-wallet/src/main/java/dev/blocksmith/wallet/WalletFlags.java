package dev.blocksmith.wallet;

/**
 * Core's wallet flags. Two shape a wallet for life, set by createwallet: without private keys it only watches
 * scripts (WALLET_FLAG_DISABLE_PRIVATE_KEYS); blank it starts with no descriptors (WALLET_FLAG_BLANK_WALLET, kept
 * after later imports, as getwalletinfo "blank" shows). One may change later (setwalletflag): avoid_reuse
 * (WALLET_FLAG_AVOID_REUSE), under which coins paid to an address the wallet has already spent from are "dirty":
 * left out of balances and coin selection unless asked for, so spending them does not link payments together.
 */
public record WalletFlags(boolean privateKeysDisabled, boolean blank, boolean avoidReuse) {
    public static final WalletFlags DEFAULT = new WalletFlags(false, false, false);

    /** The creation-time flags, avoid_reuse off. */
    public WalletFlags(boolean privateKeysDisabled, boolean blank) {
        this(privateKeysDisabled, blank, false);
    }

    public WalletFlags withAvoidReuse(boolean on) {
        return new WalletFlags(privateKeysDisabled, blank, on);
    }

    byte toByte() {
        return (byte) ((privateKeysDisabled ? 1 : 0) | (blank ? 2 : 0) | (avoidReuse ? 4 : 0));
    }

    static WalletFlags fromByte(int b) {
        return new WalletFlags((b & 1) != 0, (b & 2) != 0, (b & 4) != 0);
    }
}
