package dev.blocksmith.core.chain;

import dev.blocksmith.core.tx.OutPoint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Changes to the UTXO set made while connecting or disconnecting one block, layered over a base view.
 * Nothing reaches the coins cache until the chain state applies the delta of a block that passed every check.
 */
final class UtxoDelta implements UtxoView {
    private static final Coin SPENT = new Coin(null, -1, false);

    private final UtxoView base;
    private final Map<OutPoint, Coin> changes = new LinkedHashMap<>();

    UtxoDelta(UtxoView base) {
        this.base = base;
    }

    @Override
    public Optional<Coin> coin(OutPoint op) {
        Coin c = changes.get(op);
        if (c != null) return c == SPENT ? Optional.empty() : Optional.of(c);
        return base.coin(op);
    }

    void add(OutPoint op, Coin coin) {
        changes.put(op, coin);
    }

    void spend(OutPoint op) {
        changes.put(op, SPENT);
    }

    /** Number of outpoints changed (a memory estimate for verifychain's cap). */
    int size() {
        return changes.size();
    }

    /** Visits each change in the order made: {@code coin} null for a spend. */
    void forEachChange(java.util.function.BiConsumer<OutPoint, Coin> visitor) {
        for (Map.Entry<OutPoint, Coin> e : changes.entrySet()) {
            visitor.accept(e.getKey(), e.getValue() == SPENT ? null : e.getValue());
        }
    }
}
