package dev.blocksmith.wallet.coinselection;

import dev.blocksmith.core.tx.OutPoint;
import java.util.Objects;

/**
 * A spendable output offered to coin selection: its value and the virtual size its input will add
 * (e.g. 68 vB for P2WPKH, 58 for P2TR key path, 148 for P2PKH, 91 for P2SH-P2WPKH).
 */
public record Candidate(OutPoint outPoint, long valueSats, int inputVBytes) {
    public Candidate {
        Objects.requireNonNull(outPoint);
        if (valueSats < 0 || inputVBytes <= 0) throw new IllegalArgumentException("bad candidate");
    }

    /** Value minus the fee to spend it at {@code rate}: what it really contributes (Core's effective value). */
    public long effectiveValue(FeeRate rate) {
        return valueSats - rate.fee(inputVBytes);
    }
}
