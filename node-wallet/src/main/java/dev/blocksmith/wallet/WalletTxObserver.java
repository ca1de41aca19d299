package dev.blocksmith.wallet;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.util.Optional;

/**
 * Told each time a wallet records one of its transactions, new or again (bitcoind's AddToWallet, which runs
 * {@code -walletnotify}): entering the mempool, confirmed in a connected block or found by a rescan, returned to
 * unconfirmed by a disconnected block, removed from the mempool by a conflicting block, or created by the wallet.
 * Called while the wallet is locked: implementations must be quick and must not call back into the wallet.
 */
@FunctionalInterface
public interface WalletTxObserver {
    WalletTxObserver NONE = (wallet, txid, block) -> { };

    /**
     * @param wallet the wallet's name
     * @param block  where the transaction is confirmed; empty while unconfirmed (or conflicted)
     */
    void transactionSynced(String wallet, Sha256Hash txid, Optional<WalletTx.BlockPosition> block);
}
