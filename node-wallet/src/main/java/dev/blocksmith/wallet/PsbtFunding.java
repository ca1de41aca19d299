package dev.blocksmith.wallet;

import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What walletcreatefundedpsbt asks the wallet to fund: the outputs (in order), inputs chosen by the
 * caller, whether the wallet may add more, where change goes, the fee rate, and the transaction fields.
 *
 * @param subtractFeeFrom indexes of {@code outputs} that pay the fee between them
 * @param changeScript an explicit change destination (changeAddress); otherwise a new change address of {@code changeType}
 * @param changePosition where the change output goes; random when empty
 */
public record PsbtFunding(List<TxOut> outputs, Set<Integer> subtractFeeFrom, List<PresetInput> inputs, boolean addInputs,
                          Optional<Script> changeScript, AddressType changeType, Optional<Integer> changePosition, FeeRate feeRate,
                          boolean replaceable, long lockTime, int version) {
    public PsbtFunding {
        outputs = List.copyOf(outputs);
        subtractFeeFrom = Set.copyOf(subtractFeeFrom);
        inputs = List.copyOf(inputs);
    }

    /** An input the caller chose, with the sequence it asked for (or the default for {@code replaceable}). */
    public record PresetInput(OutPoint outPoint, long sequence) {
    }

    /** The unsigned funded transaction, its fee and the change output's index (-1 without change). */
    public record Result(Transaction tx, long feeSats, int changePosition) {
    }
}
