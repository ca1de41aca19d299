package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.ledger.WalletCoin;
import java.util.List;

/**
 * {@code getbalance ( "dummy" minconf include_watchonly avoid_reuse )}: the trusted balance (confirmed
 * outputs plus our own unconfirmed change) counting only outputs at least {@code minconf} deep.
 */
public final class GetBalanceMethod extends WalletMethod {
    public GetBalanceMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "getbalance";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.optional("dummy", RpcParamType.STR, "Remains for backward compatibility. Must be excluded or set to \"*\"."),
                RpcParamSpec.withDefault("minconf", RpcParamType.NUM, 0, "Only include transactions confirmed at least this many times."),
                RpcParamSpec.withDefault("include_watchonly", RpcParamType.BOOL, false, "No longer used"),
                RpcParamSpec.withDefault("avoid_reuse", RpcParamType.BOOL, true, "(only available if avoid_reuse wallet flag is set) Do not include balance in dirty outputs; addresses are considered dirty if they have previously been used in a transaction."));
    }

    @Override
    public String description() {
        return "Returns the total available balance.\nThe available balance is what the wallet considers currently spendable, and is\nthus affected by options which limit spendability such as -spendzeroconfchange.";
    }

    @Override
    public String resultHelp() {
        return "n    (numeric) The total amount in BTC received for this wallet.";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        if (!request.arg("dummy").isNull() && !request.arg("dummy").asString().equals("*")) {
            throw new RpcException(RpcErrorCode.METHOD_DEPRECATED, "dummy first argument must be excluded or set to \"*\".");
        }
        int minconf = request.arg("minconf").asInt();
        boolean avoidReuse = WalletRpc.avoidReuse(w, request.arg("avoid_reuse"));
        long sum = 0;
        var dirty = avoidReuse ? w.usedAddresses() : java.util.Set.<dev.blocksmith.core.script.Script>of();
        for (WalletCoin c : w.unspent()) {
            if (dirty.contains(c.output().scriptPubKey())) continue;
            if (c.mature() && c.trusted() && c.confirmations() >= minconf) sum += c.output().value();
        }
        return WalletRpc.amount(sum);
    }
}
