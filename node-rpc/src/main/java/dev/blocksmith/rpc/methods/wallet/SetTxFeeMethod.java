package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.WalletPolicy;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.List;

/**
 * {@code settxfee amount}: (deprecated in bitcoind 30, served only with {@code -deprecatedrpc=settxfee}) the fee rate
 * in BTC/kvB this wallet pays when a send names no confirmation target; 0 returns to automatic fees. Kept in memory
 * only, as bitcoind. Checks and texts are bitcoind's.
 */
public final class SetTxFeeMethod extends WalletMethod {
    public SetTxFeeMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "settxfee";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("amount", RpcParamType.AMOUNT, "The transaction fee rate in BTC/kvB"));
    }

    @Override
    public String description() {
        return "(DEPRECATED) Set the transaction fee rate in BTC/kvB for this wallet. Overrides the global -paytxfee command line parameter.\n"
                + "Can be deactivated by passing 0 as the fee. In that case automatic fee selection will be used by default.";
    }

    @Override
    public String resultHelp() {
        return "true|false    (boolean) Returns true if successful";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        WalletPolicy policy = manager.policy();
        if (!policy.deprecatedRpcs().contains("settxfee")) {
            throw new RpcException(RpcErrorCode.METHOD_DEPRECATED, "settxfee is deprecated and will be fully removed in v31.0."
                    + "\nTo use settxfee restart bitcoind with -deprecatedrpc=settxfee.");
        }
        FeeRate rate = new FeeRate(request.arg("amount").asAmount().sats());
        long maxPerKvB = policy.maxTxFeeSats();
        if (rate.satsPerKvB() != 0) {
            if (rate.satsPerKvB() < policy.relayMinFee().satsPerKvB()) {
                throw RpcException.invalidParameter("txfee cannot be less than min relay tx fee (" + btcPerKvB(policy.relayMinFee().satsPerKvB()) + ")");
            }
            if (rate.satsPerKvB() < policy.minTxFee().satsPerKvB()) {
                throw RpcException.invalidParameter("txfee cannot be less than wallet min fee (" + btcPerKvB(policy.minTxFee().satsPerKvB()) + ")");
            }
            if (rate.satsPerKvB() > maxPerKvB) {
                throw RpcException.invalidParameter("txfee cannot be more than wallet max tx fee (" + btcPerKvB(maxPerKvB) + ")");
            }
        }
        w.setPayTxFee(rate);
        return BooleanNode.TRUE;
    }

    /** CFeeRate::ToString(): "0.00001000 BTC/kvB". */
    private static String btcPerKvB(long satsPerKvB) {
        return Amount.ofSats(satsPerKvB).toBtcString() + " BTC/kvB";
    }
}
