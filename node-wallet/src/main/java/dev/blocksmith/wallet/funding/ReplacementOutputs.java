package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The payments of a fee bump's replacement (bitcoind's CreateRateBumpTransaction recipients): every output of the
 * original (or of the caller's new outputs) except the change, whose script is kept to receive the new change. When
 * change is all there is (a send to ourselves), it becomes the one payment, paying the fee out of its amount, which is
 * then the whole of the outputs' value; new change, if any, goes to a new change address.
 *
 * @param outputs the payments, in order
 * @param subtractFeeFrom the payments that pay the fee (the change-only case)
 * @param changeScript where change goes; empty for a new change address
 */
public record ReplacementOutputs(List<TxOut> outputs, Set<Integer> subtractFeeFrom, Optional<Script> changeScript) {
    public ReplacementOutputs {
        outputs = List.copyOf(outputs);
        subtractFeeFrom = Set.copyOf(subtractFeeFrom);
    }

    /**
     * @param txouts the original's outputs, or the new ones asked for
     * @param changeIndex the output named as change; when absent, {@code isChange} decides for each output
     */
    public static ReplacementOutputs of(List<TxOut> txouts, OptionalInt changeIndex, Predicate<Script> isChange) {
        List<TxOut> payments = new ArrayList<>();
        Optional<Script> change = Optional.empty();
        long total = 0;
        for (int i = 0; i < txouts.size(); i++) {
            TxOut o = txouts.get(i);
            boolean changeOutput = changeIndex.isPresent() ? changeIndex.getAsInt() == i : isChange.test(o.scriptPubKey());
            // bitcoind keeps a single change destination: the last output taken for change.
            if (changeOutput) {
                change = Optional.of(o.scriptPubKey());
            } else {
                payments.add(o);
            }
            total += o.value();
        }
        if (payments.isEmpty() && change.isPresent()) {
            return new ReplacementOutputs(List.of(new TxOut(total, change.get())), Set.of(0), Optional.empty());
        }
        return new ReplacementOutputs(payments, Set.of(), change);
    }
}
