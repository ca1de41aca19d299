package dev.blocksmith.wallet;

import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * simulaterawtransaction (bitcoind's): how the wallet's balance would change if these transactions, in order,
 * were signed and broadcast. Each input spending one of our outputs takes its value away (an output created by
 * an earlier transaction of the list counts as what that transaction gave us); each output paying us adds its
 * value. An input whose coin is neither unspent in the chain or mempool nor made by an earlier transaction, or an
 * output spent twice, is refused.
 */
public final class BalanceSimulation {
    private BalanceSimulation() {
    }

    /**
     * @param unspent the coin an input spends as bitcoind's FindCoins sees it (mempool, then chain); empty when
     *     it is missing or spent
     * @return the change in satoshis (negative: the balance goes down)
     */
    public static long balanceChange(Wallet w, List<Transaction> txs, Function<OutPoint, Optional<TxOut>> unspent) throws WalletException {
        long change = 0;
        Map<OutPoint, Long> created = new HashMap<>();
        Set<OutPoint> spent = new HashSet<>();
        for (Transaction tx : txs) {
            for (TxIn in : tx.inputs()) {
                OutPoint op = in.prevout();
                if (spent.contains(op)) {
                    throw new WalletException(WalletException.Kind.INVALID_PARAMETER, "Transaction(s) are spending the same output more than once");
                }
                Long made = created.remove(op);
                if (made != null) {
                    change -= made;
                } else {
                    if (unspent.apply(op).isEmpty()) {
                        throw new WalletException(WalletException.Kind.INVALID_PARAMETER,
                                "One or more transaction inputs are missing or have been spent already");
                    }
                    // bitcoind's GetDebit: the value of the spent output when a wallet transaction made it to us.
                    change -= w.knownOutput(op).filter(o -> w.locate(o.scriptPubKey()).isPresent()).map(TxOut::value).orElse(0L);
                }
                spent.add(op);
            }
            for (int i = 0; i < tx.outputs().size(); i++) {
                TxOut o = tx.output(i);
                long ours = w.locate(o.scriptPubKey()).isPresent() ? o.value() : 0;
                created.put(new OutPoint(tx.txid(), i), ours);
                change += ours;
            }
        }
        return change;
    }
}
