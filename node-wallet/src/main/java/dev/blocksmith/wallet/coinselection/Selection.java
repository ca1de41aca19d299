package dev.blocksmith.wallet.coinselection;

import java.util.List;

/**
 * A chosen input set.
 *
 * @param inputs the selected outputs, in selection order
 * @param feeSats total fee the transaction pays (any dropped change included)
 * @param changeSats change output value, 0 when there is no change output
 * @param algorithm which algorithm produced it ("bnb" or "largest_first")
 * @param waste Core's waste metric: input fees at this rate minus at the long-term rate, plus the cost
 *     of change or the excess given up to fees
 */
public record Selection(List<Candidate> inputs, long feeSats, long changeSats, String algorithm, long waste) {
    public Selection {
        inputs = List.copyOf(inputs);
    }

    public long inputSats() {
        return inputs.stream().mapToLong(Candidate::valueSats).sum();
    }

    public boolean hasChange() {
        return changeSats > 0;
    }
}
