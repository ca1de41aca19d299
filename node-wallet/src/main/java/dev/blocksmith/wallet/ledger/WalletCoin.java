package dev.blocksmith.wallet.ledger;

import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.WalletKeyLocation;

/**
 * An unspent output of ours.
 *
 * @param confirmations depth of the creating transaction (0 when unconfirmed)
 * @param coinbase whether it is a coinbase output (spendable only after maturity)
 * @param trusted Core's trusted notion: confirmed, or unconfirmed but created by ourselves (change)
 * @param mature false for coinbase outputs still within the maturity window
 * @param safe Core's OutputIsSafe: trusted, and not an unconfirmed fee bump (listunspent "safe"; coin
 *     selection takes only safe coins unless include_unsafe)
 * @param fromMe whether the creating transaction spends coins of ours (Core's CachedTxIsFromMe): coin selection
 *     first takes such coins from one confirmation on, others' only from six
 */
public record WalletCoin(OutPoint outPoint, TxOut output, WalletKeyLocation location, int confirmations,
                         boolean coinbase, boolean trusted, boolean mature, boolean safe, boolean fromMe) {
    /** What coin selection takes by default: mature and safe (Core spends our own unconfirmed change only). */
    public boolean spendable() {
        return mature && safe;
    }
}
