package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.WalletKeyLocation;
import dev.blocksmith.wallet.descriptor.InputWeight;
import java.util.Objects;
import java.util.Optional;

/**
 * A preset input once its coin is known: the output it spends (from the wallet or the chain), the largest weight
 * its signed form has, and which of our descriptors owns it, if any.
 */
public record ResolvedInput(PresetInput input, TxOut spent, InputWeight weight, Optional<WalletKeyLocation> owner) {
    public ResolvedInput {
        Objects.requireNonNull(input);
        Objects.requireNonNull(spent);
        Objects.requireNonNull(weight);
        Objects.requireNonNull(owner);
    }

    /** What coin selection prices it at (bitcoind's input_bytes of a preselected COutput). */
    public int selectionVBytes() {
        return weight.selectionVBytes();
    }
}
