package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a transaction must do and how it may be funded: Core's recipients plus CCoinControl, shared by
 * sendtoaddress / sendmany (no preset inputs), fundrawtransaction (the raw transaction's inputs and outputs)
 * and walletcreatefundedpsbt.
 *
 * @param version the transaction version
 * @param lockTime the transaction lock time (sends use the tip height against fee sniping)
 * @param presetInputs inputs that must be spent, first and in this order
 * @param outputs the outputs, in order; change is inserted among them
 * @param subtractFeeFrom indexes of {@code outputs} that pay the fee, split equally (the remainder to the first)
 * @param feeRate the rate the whole transaction pays
 * @param change where change goes
 * @param addInputs whether wallet coins may be added to the preset inputs (without, the preset inputs must pay for
 *     everything, even when there are none)
 * @param includeUnsafe whether unconfirmed coins from others and unconfirmed fee bumps may be added
 * @param minConf fewest confirmations of an added coin
 * @param maxConf most confirmations of an added coin, when limited
 * @param newInputSequence the sequence of added inputs (BIP125 signal or final-but-one)
 * @param lockUnspents whether the inputs are locked against later selection once funded
 * @param inputWeights the maximum weight of preset inputs as given (they override the wallet's own estimate, as bitcoind's)
 * @param maxTxWeight the largest acceptable transaction weight
 * @param rateBelowMinimumAllowed whether {@code feeRate}, given explicitly, may be under the wallet's minimum (bitcoind's
 *     fOverrideFeeRate: fundrawtransaction and walletcreatefundedpsbt with fee_rate/feeRate; never sends)
 * @param avoidAddressReuse whether dirty coins (paid to an address already spent from) stay out of selection when the
 *     wallet has the avoid_reuse flag (bitcoind's m_avoid_address_reuse)
 * @param avoidPartialSpends whether coins paid to one script are spent together, in groups of up to
 *     100 (bitcoind's m_avoid_partial_spends)
 */
public record FundingRequest(int version, long lockTime, List<PresetInput> presetInputs, List<TxOut> outputs, Set<Integer> subtractFeeFrom,
                             FeeRate feeRate, ChangeRequest change, boolean addInputs, boolean includeUnsafe, int minConf,
                             OptionalInt maxConf, long newInputSequence, boolean lockUnspents, Map<OutPoint, Integer> inputWeights,
                             int maxTxWeight, boolean rateBelowMinimumAllowed, boolean avoidAddressReuse, boolean avoidPartialSpends) {
    /** Core's MAX_STANDARD_TX_WEIGHT, the default max_tx_weight. */
    public static final int MAX_STANDARD_TX_WEIGHT = 400_000;

    public FundingRequest {
        presetInputs = List.copyOf(presetInputs);
        outputs = List.copyOf(outputs);
        subtractFeeFrom = Set.copyOf(subtractFeeFrom);
        inputWeights = Map.copyOf(inputWeights);
        Objects.requireNonNull(feeRate);
        Objects.requireNonNull(change);
        Objects.requireNonNull(maxConf);
        for (int i : subtractFeeFrom) {
            if (i < 0 || i >= outputs.size()) throw new IllegalArgumentException("subtractFeeFrom index out of range: " + i);
        }
    }

    /** Without bitcoind's reuse options (coin control's defaults: both off). */
    public FundingRequest(int version, long lockTime, List<PresetInput> presetInputs, List<TxOut> outputs, Set<Integer> subtractFeeFrom,
                          FeeRate feeRate, ChangeRequest change, boolean addInputs, boolean includeUnsafe, int minConf,
                          OptionalInt maxConf, long newInputSequence, boolean lockUnspents, Map<OutPoint, Integer> inputWeights,
                          int maxTxWeight, boolean rateBelowMinimumAllowed) {
        this(version, lockTime, presetInputs, outputs, subtractFeeFrom, feeRate, change, addInputs, includeUnsafe, minConf, maxConf,
                newInputSequence, lockUnspents, inputWeights, maxTxWeight, rateBelowMinimumAllowed, false, false);
    }

    /**
     * The same request avoiding dirty coins or not; avoiding them also spends coins of one address together, as
     * bitcoind's sendtoaddress sets m_avoid_partial_spends with m_avoid_address_reuse.
     */
    public FundingRequest withAvoidAddressReuse(boolean avoid) {
        return new FundingRequest(version, lockTime, presetInputs, outputs, subtractFeeFrom, feeRate, change, addInputs, includeUnsafe, minConf,
                maxConf, newInputSequence, lockUnspents, inputWeights, maxTxWeight, rateBelowMinimumAllowed, avoid, avoidPartialSpends || avoid);
    }

    /** The same request spending the coins of one script together or not (-avoidpartialspends). */
    public FundingRequest withAvoidPartialSpends(boolean avoid) {
        return new FundingRequest(version, lockTime, presetInputs, outputs, subtractFeeFrom, feeRate, change, addInputs, includeUnsafe, minConf,
                maxConf, newInputSequence, lockUnspents, inputWeights, maxTxWeight, rateBelowMinimumAllowed, avoidAddressReuse, avoid);
    }

    /** A payment: no preset inputs, automatic change, confirmed or own coins only (sendtoaddress, sendmany). */
    public static FundingRequest payment(List<TxOut> outputs, Set<Integer> subtractFeeFrom, FeeRate rate, long lockTime, long sequence) {
        return new FundingRequest(2, lockTime, List.of(), outputs, subtractFeeFrom, rate, ChangeRequest.AUTOMATIC, true, false, 0,
                OptionalInt.empty(), sequence, false, Map.of(), MAX_STANDARD_TX_WEIGHT, false);
    }
}
