package dev.blocksmith.wallet;

import dev.blocksmith.core.psbt.Psbt;

/** walletprocesspsbt's outcome: the updated PSBT and whether every input is now signed and verified. */
public record PsbtFill(Psbt psbt, boolean complete) {
}
