package dev.blocksmith.wallet;

/**
 * The createwallet options that shape a wallet for life (Core's wallet flags): without private keys it only
 * watches scripts (WALLET_FLAG_DISABLE_PRIVATE_KEYS); blank it starts with no descriptors
 * (WALLET_FLAG_BLANK_WALLET, kept after later imports, as getwalletinfo "blank" shows).
 */
public record WalletFlags(boolean privateKeysDisabled, boolean blank) {
    public static final WalletFlags DEFAULT = new WalletFlags(false, false);

    byte toByte() {
        return (byte) ((privateKeysDisabled ? 1 : 0) | (blank ? 2 : 0));
    }

    static WalletFlags fromByte(int b) {
        return new WalletFlags((b & 1) != 0, (b & 2) != 0);
    }
}
