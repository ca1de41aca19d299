package dev.blocksmith.core.psbt;

import java.util.List;
import java.util.Optional;

/**
 * The state of a PSBT (Core's PSBTAnalysis): per input whether it has a UTXO and is final, what it
 * misses and who should act next; the estimated size and fee rate of the finished transaction and its
 * fee when every UTXO is known; the next role for the whole PSBT; or the error that makes it invalid.
 */
public record PsbtAnalysis(List<InputAnalysis> inputs, Optional<Integer> estimatedVsize, Optional<Long> estimatedFeeRatePerKvb,
                           Optional<Long> fee, PsbtRole next, Optional<String> error) {
    public PsbtAnalysis {
        inputs = List.copyOf(inputs);
    }

    /** One input's analysis. */
    public record InputAnalysis(boolean hasUtxo, boolean isFinal, MissingData missing, PsbtRole next) {
    }

    /** Core's PSBTAnalysis::SetInvalid: only the error remains and the PSBT must go back to its creator. */
    static PsbtAnalysis invalid(String error) {
        return new PsbtAnalysis(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), PsbtRole.CREATOR, Optional.of(error));
    }
}
