package dev.blocksmith.wallet;

import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.keystore.ScryptParams;
import java.util.Objects;
import java.util.Optional;

/**
 * The node-wide wallet settings bitcoind takes as startup options, applied to every wallet the manager
 * creates or loads.
 *
 * @param keypool -keypool: positions each active ranged descriptor keeps derived past its next index, so
 *     payments to addresses not yet handed out (a wallet restored from its seed, another wallet sharing the
 *     descriptor) are seen; bitcoind's default is 1000 and its minimum 1
 * @param fallbackFee -fallbackfee; empty for the network default (see {@link WalletManager#REGTEST_FALLBACK_FEE})
 * @param scrypt the key-derivation cost for encrypted wallets
 * @param policy the other wallet options (-addresstype, -walletrbf, -walletbroadcast, ...)
 * @param unsafeSqliteSync -unsafesqlitesync: wallet files are written without waiting for the disk (bitcoind's
 *     test-only option; default off)
 */
public record WalletOptions(int keypool, Optional<FeeRate> fallbackFee, ScryptParams scrypt, WalletPolicy policy, boolean unsafeSqliteSync) {
    /** bitcoind's DEFAULT_KEYPOOL_SIZE. */
    public static final int DEFAULT_KEYPOOL = 1000;
    /**
     * The largest keypool taken (-keypool, keypoolrefill): beyond it deriving would take minutes and the watched
     * scripts gigabytes of heap. bitcoind sets no bound.
     */
    public static final int MAX_KEYPOOL = 1_000_000;

    public WalletOptions {
        if (keypool < 1 || keypool > MAX_KEYPOOL) throw new IllegalArgumentException("keypool must be between 1 and " + MAX_KEYPOOL);
        Objects.requireNonNull(fallbackFee);
        Objects.requireNonNull(scrypt);
        Objects.requireNonNull(policy);
    }

    public WalletOptions(int keypool, Optional<FeeRate> fallbackFee, ScryptParams scrypt) {
        this(keypool, fallbackFee, scrypt, WalletPolicy.DEFAULT);
    }

    public WalletOptions(int keypool, Optional<FeeRate> fallbackFee, ScryptParams scrypt, WalletPolicy policy) {
        this(keypool, fallbackFee, scrypt, policy, false);
    }

    public WalletOptions withUnsafeSqliteSync(boolean unsafe) {
        return new WalletOptions(keypool, fallbackFee, scrypt, policy, unsafe);
    }

    public static WalletOptions defaults() {
        return new WalletOptions(DEFAULT_KEYPOOL, Optional.empty(), ScryptParams.DEFAULT, WalletPolicy.DEFAULT);
    }

    public WalletOptions withKeypool(int size) {
        return new WalletOptions(size, fallbackFee, scrypt, policy, unsafeSqliteSync);
    }

    public WalletOptions withFallbackFee(FeeRate rate) {
        return new WalletOptions(keypool, Optional.of(rate), scrypt, policy, unsafeSqliteSync);
    }

    public WalletOptions withPolicy(WalletPolicy p) {
        return new WalletOptions(keypool, fallbackFee, scrypt, p, unsafeSqliteSync);
    }

    public WalletOptions withScrypt(ScryptParams params) {
        return new WalletOptions(keypool, fallbackFee, params, policy, unsafeSqliteSync);
    }
}
