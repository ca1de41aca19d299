package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletChain;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.ledger.WalletTx;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        WalletChain chain = manager.chain();
        int sinceHeight = -1;
        boolean includeRemoved = request.arg("include_removed").asBool();
        boolean includeChange = request.arg("include_change").asBool();
        Optional<String> label = request.arg("label").isNull() ? Optional.empty() : Optional.of(WalletRpc.label(request.arg("label")));
        ArrayNode removed = RpcJson.array();
        // bitcoind takes an empty string as no block, as it does null.
        if (!request.arg("blockhash").isNull() && !request.arg("blockhash").asString().isEmpty()) {
            BlockIndex idx = chain.index(request.arg("blockhash").asHash())
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found"));
            // A block off the best chain counts from its fork point, as bitcoind; the wallet's transactions in the
            // blocks left behind are listed as removed, read from the block files as bitcoind does.
            Map<Sha256Hash, WalletTx> byTxid = new HashMap<>();
            if (includeRemoved) for (WalletTx t : w.transactions()) byTxid.put(t.txid(), t);
            while (!chain.isOnBestChain(idx)) {
                if (includeRemoved) {
                    Block block = chain.block(idx.hash())
                            .orElseThrow(() -> new RpcException(RpcErrorCode.INTERNAL_ERROR, "Can't read block from disk"));
                    for (Transaction tx : block.transactions()) {
                        WalletTx t = byTxid.get(tx.txid());
                        if (t == null) continue;
                        // bitcoind lists these at any depth, a transaction now conflicted included.
                        for (ObjectNode row : rows(w, t, includeChange, label, true)) {
                            TxEntries.common(w, t, row, manager.broadcaster());
                            removed.add(row);
                        }
                    }
                }
                idx = idx.prev();
            }
            sinceHeight = idx.height();
        }
        int target = request.arg("target_confirmations").asInt();
        if (target < 1) throw RpcException.invalidParameter("Invalid parameter");
        ArrayNode txs = RpcJson.array();
        for (WalletTx t : w.transactions()) {
            if (t.block().isPresent() && t.block().get().height() <= sinceHeight) continue;
            // bitcoind lists a transaction when abs(its depth) is below the given block's depth: one conflicted by a
            // block at or before the given block is left out like a confirmed one.
            if (sinceHeight >= 0 && t.state() == WalletTx.State.CONFLICTED && t.conflictHeight().isPresent()
                    && t.conflictHeight().getAsInt() <= sinceHeight) {
                continue;
            }
            for (ObjectNode row : rows(w, t, includeChange, label, false)) {
                TxEntries.common(w, t, row, manager.broadcaster());
                txs.add(row);
            }
        }
        ObjectNode out = RpcJson.object();
        out.set("transactions", txs);
        if (includeRemoved) out.set("removed", removed);
        int tip = chain.tip().height();
        BlockIndex last = chain.atHeight(Math.max(0, tip + 1 - target)).orElseThrow();
        out.put("lastblock", last.hash().toHex());
        return out;
    }

    /**
     * bitcoind's ListTransactions rows for listsinceblock: with a label, only received rows on addresses carrying it
     * (an address outside the address book has the label "").
     */
    private List<ObjectNode> rows(Wallet w, WalletTx t, boolean includeChange, Optional<String> label, boolean anyDepth) {
        return TxEntries.labelledRows(w, t, manager.params(), includeChange, anyDepth).stream()
                .filter(r -> label.isEmpty() || (r.receive() && r.label().orElse("").equals(label.get())))
                .map(TxEntries.Row::json).toList();
    }
}
