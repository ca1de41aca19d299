package dev.blocksmith.rpc.methods.mempool;

import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParam;

/** The maxfeerate argument of sendrawtransaction and testmempoolaccept (bitcoind's ParseFeeRate). */
final class FeeRateArgs {
    private FeeRateArgs() {}

    /** BTC/kvB, the declared default being bitcoind's DEFAULT_MAX_RAW_TX_FEE_RATE; 0 disables the limit. */
    static FeeRate maxFeeRate(RpcParam param) throws RpcException {
        Amount perKvB = param.asAmount();
        // A rate of 1 BTC/kvB or more is almost certainly a unit mistake (sat/vB typed as BTC/kvB).
        if (perKvB.sats() >= Amount.COIN) {
            throw RpcException.invalidParameter("Fee rates larger than or equal to 1BTC/kvB are not accepted");
        }
        return FeeRate.ofSatsPerKvB(perKvB.sats());
    }
}
