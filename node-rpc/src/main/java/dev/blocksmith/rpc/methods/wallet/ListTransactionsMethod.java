package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code listtransactions ( "label" count skip include_watchonly )}: the most recent {@code count} rows after
 * skipping {@code skip}, oldest first, as bitcoind; with a label, only payments received on addresses with it.
 */
public final class ListTransactionsMethod extends WalletMethod {
    public ListTransactionsMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listtransactions";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.optional("label", RpcParamType.STR, "If set, should be a valid label name to return only incoming transactions\nwith the specified label, or \"*\" to disable filtering and return all transactions."),
                RpcParamSpec.withDefault("count", RpcParamType.NUM, 10, "The number of transactions to return"),
                RpcParamSpec.withDefault("skip", RpcParamType.NUM, 0, "The number of transactions to skip"),
                RpcParamSpec.withDefault("include_watchonly", RpcParamType.BOOL, false, "Include transactions to watch-only addresses"));
    }

    @Override
    public String description() {
        return "If a label name is provided, this will return only incoming transactions paying to addresses with the specified label.\n\nReturns up to 'count' most recent transactions skipping the first 'from' transactions.";
    }

    @Override
    public String resultHelp() {
        return "[                                     (json array)\n  {                                   (json object)\n    \"address\" : \"str\",                 (string, optional) The bitcoin address of the transaction.\n    \"category\" : \"str\",                (string) The transaction category.\n    \"amount\" : n,                       (numeric) The amount in BTC.\n    ...\n  },\n  ...\n]";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        Optional<String> label = Optional.empty();
        if (request.arg("label").isPresent() && !request.arg("label").asString().equals("*")) {
            label = Optional.of(WalletRpc.label(request.arg("label")));
            if (label.get().isEmpty()) throw RpcException.invalidParameter("Label argument must be a valid label name or \"*\".");
        }
        int count = request.arg("count").asInt();
        int skip = request.arg("skip").asInt();
        if (count < 0) throw RpcException.invalidParameter("Negative count");
        if (skip < 0) throw RpcException.invalidParameter("Negative from");
        List<ObjectNode> all = new ArrayList<>();
        for (WalletTx t : w.transactions()) {
            for (TxEntries.Row row : TxEntries.labelledRows(w, t, manager.params())) {
                // With a label, bitcoind lists only incoming payments to addresses carrying it.
                if (label.isPresent() && (!row.receive() || !row.label().equals(label))) continue;
                TxEntries.common(w, t, row.json(), manager.broadcaster());
                all.add(row.json());
            }
        }
        // Newest first, skip, take count, then back to oldest first.
        Collections.reverse(all);
        List<ObjectNode> page = all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + count));
        List<ObjectNode> ordered = new ArrayList<>(page);
        Collections.reverse(ordered);
        ArrayNode out = RpcJson.array();
        ordered.forEach(out::add);
        return out;
    }
}
