package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.RawTransactions;
import dev.blocksmith.wallet.BalanceSimulation;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.ArrayList;
import java.util.List;

/** {@code simulaterawtransaction ( ["rawtx",...] {"include_watchonly":bool,...} )}: see {@link BalanceSimulation}. */
public final class SimulateRawTransactionMethod extends WalletMethod {
    public SimulateRawTransactionMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "simulaterawtransaction";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.optional("rawtxs", RpcParamType.ARR, "An array of hex strings of raw transactions."),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "{ \"include_watchonly\": bool }")
                        .withNamedOptions(List.of(new RpcParamSpec.NamedOption("include_watchonly", RpcParamType.BOOL))));
    }

    @Override
    public String description() {
        return "Calculate the balance change resulting in the signing and broadcasting of the given transaction(s).";
    }

    @Override
    public String resultHelp() {
        return """
                {                        (json object)
                  "balance_change" : n   (numeric) The wallet balance change (negative means decrease).
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("[\"myhex\"]", "[[\"myhex\"]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        // bitcoind reads the array without a null check: an absent list is a type error there as here.
        JsonNode raw = request.arg("rawtxs").asArray();
        if (request.arg("options").isPresent()) new RpcParam("include_watchonly", request.arg("options").asObject().get("include_watchonly")).asBoolOr(false);
        List<Transaction> txs = new ArrayList<>();
        for (JsonNode hex : raw) {
            String text = new RpcParam("rawtx", hex).asString();
            txs.add(RawTransactions.decode(text).orElseThrow(() -> new RpcException(RpcErrorCode.DESERIALIZATION_ERROR,
                    "Transaction hex string decoding failure.")));
        }
        long change = WalletRpc.call(() -> BalanceSimulation.balanceChange(w, txs, manager::findCoin));
        ObjectNode o = RpcJson.object();
        o.set("balance_change", WalletRpc.amount(change));
        return o;
    }
}
