package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.Witness;
import java.util.Objects;

/**
 * An input the caller chose (fundrawtransaction's inputs of the raw transaction): kept first and in order,
 * with its sequence and any scriptSig or witness it already carries (Core's PreselectedInput).
 */
public record PresetInput(OutPoint outPoint, long sequence, Script scriptSig, Witness witness) {
    public PresetInput {
        Objects.requireNonNull(outPoint);
        Objects.requireNonNull(scriptSig);
        Objects.requireNonNull(witness);
    }

    public static PresetInput of(TxIn in) {
        return new PresetInput(in.prevout(), in.sequence(), in.scriptSig(), in.witness());
    }

    TxIn toTxIn() {
        return new TxIn(outPoint, scriptSig, sequence).withWitness(witness);
    }
}
