package dev.blocksmith.wallet.coinselection;

/**
 * What a selection must pay for besides the recipients.
 *
 * @param feeRate the rate this transaction pays
 * @param longTermFeeRate the rate we expect to pay to spend outputs later; spending extra inputs now is
 *     cheaper than later when feeRate is below it (the waste metric)
 * @param discardFeeRate the rate spending change later is priced at (bitcoind's discard rate, -discardfee)
 * @param txOverheadVBytes size of the transaction without inputs and without change (header and
 *     recipient outputs)
 * @param changeOutputVBytes size a change output adds (31 for P2WPKH, 43 for P2TR)
 * @param changeSpendVBytes size of later spending that change (68 for P2WPKH)
 * @param minChangeSats smallest change worth creating; below this it goes to fees. Must be at least
 *     the change output's dust threshold (294 sats for P2WPKH at the 3 sat/vB dust relay rate)
 */
public record SelectionParams(FeeRate feeRate, FeeRate longTermFeeRate, FeeRate discardFeeRate, int txOverheadVBytes, int changeOutputVBytes,
                              int changeSpendVBytes, long minChangeSats) {
    /** Fee of the change output now plus the fee to spend it later at the discard rate (Core's cost_of_change). */
    public long costOfChange() {
        return feeRate.fee(changeOutputVBytes) + discardFeeRate.fee(changeSpendVBytes);
    }
}
