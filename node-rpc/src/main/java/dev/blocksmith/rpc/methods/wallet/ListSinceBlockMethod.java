package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
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
import java.util.Optional;

/**
 * {@code listsinceblock ( "blockhash" target_confirmations include_watchonly include_removed include_change "label" )}:
 * rows of transactions not in the best chain at or before the given block (all when omitted), and "lastblock",
 * the block target_confirmations deep, to pass to the next call. Removed transactions are not tracked, so
 * "removed" is always empty.
 */
public final class ListSinceBlockMethod extends WalletMethod {
    public ListSinceBlockMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listsinceblock";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.optional("blockhash", RpcParamType.STR, "If set, the block hash to list transactions since, otherwise list all transactions."),
                RpcParamSpec.withDefault("target_confirmations", RpcParamType.NUM, 1, "Return the nth block hash from the main chain. e.g. 1 would mean the best block hash."),
                RpcParamSpec.withDefault("include_watchonly", RpcParamType.BOOL, false, "Include transactions to watch-only addresses"),
                RpcParamSpec.withDefault("include_removed", RpcParamType.BOOL, true, "Show transactions that were removed due to a reorg in the \"removed\" array"),
                RpcParamSpec.withDefault("include_change", RpcParamType.BOOL, false, "Also add entries for change outputs."),
                RpcParamSpec.optional("label", RpcParamType.STR, "Return only incoming transactions paying to addresses with the specified label."));
    }

    @Override
    public String description() {
        return "Get all transactions in blocks since block [blockhash], or all transactions if omitted.\nIf \"blockhash\" is no longer a part of the main chain, transactions from the fork point onward are included.";
    }

    @Override
    public String resultHelp() {
        return "{                                       (json object)\n  \"transactions\" : [ ... ],\n  \"removed\" : [ ... ],\n  \"lastblock\" : \"hex\"                   (string) The hash of the block (target_confirmations-1) from the best block on the main chain, or the genesis hash if the referenced block does not exist yet.\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ChainManager chain = manager.chain();
        int sinceHeight = -1;
        // bitcoind: an empty string is no block, as an absent one.
        if (!request.arg("blockhash").isNull() && !request.arg("blockhash").asString().isEmpty()) {
            BlockIndex idx = chain.index(request.arg("blockhash").asHash())
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found"));
            // A block off the best chain counts from its fork point, as bitcoind.
            while (!chain.isOnBestChain(idx)) idx = idx.prev();
            sinceHeight = idx.height();
        }
        int target = request.arg("target_confirmations").asInt();
        if (target < 1) throw RpcException.invalidParameter("Invalid parameter");
        request.arg("include_watchonly").asBool();
        boolean includeChange = request.arg("include_change").asBool();
        // bitcoind's LabelFromValue: "*" is no label; with a label, only incoming rows paying it are listed.
        Optional<String> label = request.arg("label").isPresent() ? Optional.of(WalletRpc.label(request.arg("label"))) : Optional.empty();
        ArrayNode txs = RpcJson.array();
        for (WalletTx t : w.transactions()) {
            if (t.block().isPresent() && t.block().get().height() <= sinceHeight) continue;
            for (TxEntries.Row row : TxEntries.labelledRows(w, t, manager.params(), includeChange)) {
                if (label.isPresent() && (!row.receive() || !row.label().orElse("").equals(label.get()))) continue;
                TxEntries.common(w, t, row.json(), manager.broadcaster());
                txs.add(row.json());
            }
        }
        ObjectNode out = RpcJson.object();
        out.set("transactions", txs);
        if (request.arg("include_removed").asBool()) out.putArray("removed");
        int tip = chain.tip().height();
        BlockIndex last = chain.atHeight(Math.max(0, tip + 1 - target)).orElseThrow();
        out.put("lastblock", last.hash().toHex());
        return out;
    }
}
