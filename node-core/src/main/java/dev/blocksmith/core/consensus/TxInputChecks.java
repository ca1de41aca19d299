package dev.blocksmith.core.consensus;

import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.tx.Transaction;
import java.util.List;

/** Rules on the coins a transaction spends (Core's Consensus::CheckTxInputs). */
public final class TxInputChecks {
    /** Core's COINBASE_MATURITY; networks may override it through NetworkParams. */
    private TxInputChecks() {
    }

    /**
     * @param coins the coins spent, in input order (all present)
     * @param spendHeight height of the block the transaction is (or would be) in
     * @return the fee paid
     */
    public static long check(Transaction tx, List<Coin> coins, int spendHeight, int coinbaseMaturity)
            throws ValidationException {
        long valueIn = 0;
        for (Coin coin : coins) {
            if (coin.coinbase() && spendHeight - coin.height() < coinbaseMaturity) {
                throw new ValidationException("bad-txns-premature-spend-of-coinbase",
                        "tried to spend coinbase at depth " + (spendHeight - coin.height()));
            }
            valueIn += coin.output().value();
            if (!Amount.inMoneyRange(coin.output().value()) || !Amount.inMoneyRange(valueIn)) {
                throw new ValidationException("bad-txns-inputvalues-outofrange", "");
            }
        }
        long valueOut = 0;
        for (var out : tx.outputs()) valueOut += out.value();
        if (valueIn < valueOut) {
            throw new ValidationException("bad-txns-in-belowout",
                    "value in (" + Amount.ofSats(valueIn).formatMoney() + ") < value out (" + Amount.ofSats(valueOut).formatMoney() + ")");
        }
        long fee = valueIn - valueOut;
        if (!Amount.inMoneyRange(fee)) throw new ValidationException("bad-txns-fee-outofrange", "");
        return fee;
    }
}
