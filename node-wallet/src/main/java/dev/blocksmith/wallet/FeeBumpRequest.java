package dev.blocksmith.wallet;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What bumpfee and psbtbumpfee ask of the wallet (bitcoind's CreateRateBumpTransaction arguments and the coin control
 * its RPC sets up).
 *
 * @param txid the transaction to replace
 * @param explicitRate the caller's fee_rate: the replacement pays it or the bump is refused (bitcoind's CheckFeeRate)
 * @param minimumRate the rate the wallet would pay for a new transaction now (bitcoind's GetMinimumFeeRate: settxfee, the
 *     estimate or the fallback fee, never below -mintxfee); an estimated bump pays at least this
 * @param replaceable whether the replacement still signals BIP125 (its inputs' sequences)
 * @param newOutputs the outputs that replace the original's ("outputs"); empty keeps the original's
 * @param originalChangeIndex the original's output that is change ("original_change_index"); without it, change is
 *     the output the wallet recognises as change
 * @param lockTime the replacement's lock time (bitcoind sets anti fee sniping's, as for any new transaction)
 */
public record FeeBumpRequest(Sha256Hash txid, Optional<FeeRate> explicitRate, FeeRate minimumRate, boolean replaceable,
                             List<TxOut> newOutputs, OptionalInt originalChangeIndex, long lockTime) {
    public FeeBumpRequest {
        Objects.requireNonNull(txid);
        Objects.requireNonNull(explicitRate);
        Objects.requireNonNull(minimumRate);
        newOutputs = List.copyOf(newOutputs);
        Objects.requireNonNull(originalChangeIndex);
    }
}
