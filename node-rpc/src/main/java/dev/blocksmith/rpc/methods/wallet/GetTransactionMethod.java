package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.util.List;

/** {@code gettransaction "txid" ( include_watchonly verbose )}. */
public final class GetTransactionMethod extends WalletMethod {
    public GetTransactionMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "gettransaction";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("txid", RpcParamType.STR, "The transaction id"),
                RpcParamSpec.withDefault("include_watchonly", RpcParamType.BOOL, false, "Whether to include watch-only addresses in balance calculation and details[]"),
                RpcParamSpec.withDefault("verbose", RpcParamType.BOOL, false, "Whether to include a `decoded` field containing the decoded transaction (equivalent to RPC decoderawtransaction)"));
    }

    @Override
    public String description() {
        return "Get detailed information about in-wallet transaction <txid>";
    }

    @Override
    public String resultHelp() {
        return "{                                          (json object)\n  \"amount\" : n,                            (numeric) The amount in BTC\n  \"fee\" : n,                               (numeric, optional) The amount of the fee in BTC. This is negative and only available for the\n                                           'send' category of transactions.\n  \"confirmations\" : n,                     (numeric) The number of confirmations for the transaction.\n  \"txid\" : \"hex\",                         (string) The transaction id.\n  \"details\" : [ ... ],\n  \"hex\" : \"hex\",                          (string) Raw data for transaction\n  ...\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        var txid = request.arg("txid").asHash();
        WalletTx wtx = w.transaction(txid).orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid or non-wallet transaction id"));
        Transaction tx = wtx.tx();
        ObjectNode o = RpcJson.object();
        long credit = w.credit(tx);
        long debit = w.debit(tx);
        var fee = w.fee(tx);
        // bitcoind: amount = net - fee, where the fee (negative) counts only for transactions we funded.
        long feeNeg = fee.map(f -> -f).orElse(0L);
        o.set("amount", WalletRpc.amount(credit - debit - feeNeg));
        fee.ifPresent(f -> o.set("fee", WalletRpc.amount(-f)));
        TxEntries.common(w, wtx, o, manager.broadcaster());
        ArrayNode details = o.putArray("details");
        for (ObjectNode row : TxEntries.rows(w, wtx, manager.params())) details.add(row);
        o.put("hex", tx.toHex());
        // verbose: decoderawtransaction's view of the transaction (bitcoind's TxToUniv without block data).
        if (request.arg("verbose").asBool()) {
            o.set("decoded", dev.blocksmith.rpc.render.TxRender.toJson(tx, manager.params(), java.util.Optional.empty(),
                    java.util.Optional.empty(), false, false));
        }
        o.set("lastprocessedblock", WalletRpc.lastProcessedBlock(w));
        return o;
    }
}
