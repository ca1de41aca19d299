package dev.blocksmith.wallet.coinselection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses inputs for a payment. First branch-and-bound (Core's SelectCoinsBnB): a depth-first search
 * for an input set whose effective value lands in [target, target + cost of change], so no change output
 * is needed, preferring the lowest waste. If none exists, largest-first with a change output, where change
 * below {@link SelectionParams#minChangeSats()} is given to fees instead of creating a dust output.
 * Deterministic: equal inputs give equal results.
 */
public final class CoinSelection {
    /** Core's TOTAL_TRIES bound on the BnB search. */
    public static final int BNB_MAX_TRIES = 100_000;

    private CoinSelection() {
    }

    /**
     * @param paymentSats what the inputs must pay besides fees: the outputs less any preset inputs' value, so it
     *     may be zero or negative when preset inputs cover the outputs but not the fee
     */
    public static Selection select(List<Candidate> candidates, long paymentSats, SelectionParams p) throws InsufficientFundsException {
        // A transaction needs an input: with nothing to cover, the largest coin is taken and the rest is change.
        if (paymentSats + p.feeRate().fee(p.txOverheadVBytes()) <= 0) return largestFirst(candidates, paymentSats, p);
        Optional<Selection> bnb = branchAndBound(candidates, paymentSats, p);
        if (bnb.isPresent()) return bnb.get();
        return largestFirst(candidates, paymentSats, p);
    }

    /** Only candidates that add more than they cost to spend are worth selecting. */
    private static List<Candidate> usable(List<Candidate> candidates, FeeRate rate) {
        List<Candidate> l = new ArrayList<>();
        for (Candidate c : candidates) if (c.effectiveValue(rate) > 0) l.add(c);
        // Descending effective value; ties by outpoint keep the order (and the result) deterministic.
        l.sort(Comparator.comparingLong((Candidate c) -> -c.effectiveValue(rate))
                .thenComparing(c -> c.outPoint().txid().toString()).thenComparingLong(c -> c.outPoint().index()));
        return l;
    }

    public static Optional<Selection> branchAndBound(List<Candidate> candidates, long paymentSats, SelectionParams p) {
        FeeRate rate = p.feeRate();
        List<Candidate> pool = usable(candidates, rate);
        long target = paymentSats + rate.fee(p.txOverheadVBytes());
        long costOfChange = p.costOfChange();
        int n = pool.size();
        long[] eff = new long[n];
        long[] inputWaste = new long[n];
        long[] fee = new long[n];
        long available = 0;
        for (int i = 0; i < n; i++) {
            Candidate c = pool.get(i);
            eff[i] = c.effectiveValue(rate);
            fee[i] = rate.fee(c.inputVBytes());
            inputWaste[i] = fee[i] - p.longTermFeeRate().fee(c.inputVBytes());
            available += eff[i];
        }
        if (available < target || n == 0) return Optional.empty();
        // When fees are above the long-term rate, adding inputs only adds waste, so waste can prune.
        boolean feeRateHigh = inputWaste[0] > 0;

        long value = 0;
        long waste = 0;
        long bestWaste = Long.MAX_VALUE;
        int[] selection = new int[n];
        int selected = 0;
        int[] best = null;
        int index = 0;
        for (int tries = 0; tries < BNB_MAX_TRIES; tries++, index++) {
            boolean backtrack;
            if (value + available < target || value > target + costOfChange || (waste > bestWaste && feeRateHigh)) {
                backtrack = true;
            } else if (value >= target) {
                // A solution: the excess over the target is given to fees and counts as waste.
                long total = waste + (value - target);
                if (total <= bestWaste) {
                    bestWaste = total;
                    best = java.util.Arrays.copyOf(selection, selected);
                }
                backtrack = true;
            } else {
                backtrack = false;
            }
            if (backtrack) {
                if (selected == 0) break;
                // Give back the value of the inputs omitted after the last selected one, then
                // switch that last one from "included" to "omitted".
                for (index--; index > selection[selected - 1]; index--) available += eff[index];
                value -= eff[index];
                waste -= inputWaste[index];
                selected--;
            } else {
                available -= eff[index];
                // Skip an input equal to a just-omitted predecessor: that branch was already explored.
                boolean duplicateOfOmitted = selected > 0 && index - 1 != selection[selected - 1]
                        && eff[index] == eff[index - 1] && fee[index] == fee[index - 1];
                if (!duplicateOfOmitted) {
                    selection[selected++] = index;
                    value += eff[index];
                    waste += inputWaste[index];
                }
            }
        }
        if (best == null) return Optional.empty();
        return Optional.of(toSelection(pool, best, paymentSats, bestWaste));
    }

    private static Selection toSelection(List<Candidate> pool, int[] best, long paymentSats, long bestWaste) {
        List<Candidate> inputs = new ArrayList<>();
        long inputValue = 0;
        for (int i : best) {
            inputs.add(pool.get(i));
            inputValue += pool.get(i).valueSats();
        }
        return new Selection(inputs, inputValue - paymentSats, 0, "bnb", bestWaste);
    }

    /**
     * Adds the largest inputs until payment, fees and a change output are covered. If the change would
     * be below the minimum, drops it and pays the remainder as fee (Core does the same with dust change).
     */
    public static Selection largestFirst(List<Candidate> candidates, long paymentSats, SelectionParams p) throws InsufficientFundsException {
        FeeRate rate = p.feeRate();
        List<Candidate> pool = usable(candidates, rate);
        long baseFee = rate.fee(p.txOverheadVBytes());
        long changeFee = rate.fee(p.changeOutputVBytes());
        List<Candidate> chosen = new ArrayList<>();
        long inputValue = 0;
        long inputFees = 0;
        long waste = 0;
        for (Candidate c : pool) {
            chosen.add(c);
            inputValue += c.valueSats();
            inputFees += rate.fee(c.inputVBytes());
            waste += rate.fee(c.inputVBytes()) - p.longTermFeeRate().fee(c.inputVBytes());
            long noChangeFee = baseFee + inputFees;
            long excess = inputValue - paymentSats - noChangeFee;
            if (excess < 0) continue;
            long change = excess - changeFee;
            if (change >= p.minChangeSats()) {
                return new Selection(chosen, noChangeFee + changeFee, change, "largest_first", waste + p.costOfChange());
            }
            // Too little left for a change output that is worth creating: pay it to fees, but only once
            // adding more inputs cannot help, i.e. we stop here and accept the excess.
            return new Selection(chosen, noChangeFee + excess, 0, "largest_first", waste + excess);
        }
        throw new InsufficientFundsException();
    }
}
