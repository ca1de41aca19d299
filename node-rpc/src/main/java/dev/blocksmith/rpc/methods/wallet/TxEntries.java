package dev.blocksmith.rpc.methods.wallet;

import dev.blocksmith.wallet.TransactionBroadcaster;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletKeyLocation;
import dev.blocksmith.wallet.labels.AddressBook;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The per-output rows bitcoind shows for a wallet transaction (ListTransactions / gettransaction "details"):
 * "send" rows for outputs paid away by a transaction we funded, "receive" rows for outputs paying us, and
 * "generate"/"immature"/"orphan" for coinbase outputs. Outputs of ours that are change (not in the address
 * book, bitcoind's IsChange) in a transaction we funded are shown in neither.
 */
final class TxEntries {
    private TxEntries() {
    }

    /** One row with the output's label, for listtransactions' label filter. */
    record Row(ObjectNode json, boolean receive, Optional<String> label) {
    }

    static List<ObjectNode> rows(Wallet w, WalletTx wtx, NetworkParams params) {
        return labelledRows(w, wtx, params).stream().map(Row::json).toList();
    }

    static List<Row> labelledRows(Wallet w, WalletTx wtx, NetworkParams params) {
        return labelledRows(w, wtx, params, false);
    }

    /** With {@code includeChange} (listsinceblock's include_change) change outputs are shown as sent and received too. */
    static List<Row> labelledRows(Wallet w, WalletTx wtx, NetworkParams params, boolean includeChange) {
        return labelledRows(w, wtx, params, includeChange, false);
    }

    /**
     * With {@code anyDepth} received outputs are listed even for a transaction a block conflicts: bitcoind's
     * ListTransactions with a minimum depth of -100000000, as listsinceblock's "removed" asks.
     */
    static List<Row> labelledRows(Wallet w, WalletTx wtx, NetworkParams params, boolean includeChange, boolean anyDepth) {
        Transaction tx = wtx.tx();
        int depth = wtx.confirmations(w.lastBlockHeight());
        boolean fromMe = w.debit(tx) > 0;
        Optional<Long> fee = w.fee(tx);
        boolean abandoned = wtx.notes().abandoned();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < tx.outputs().size(); i++) {
            TxOut o = tx.output(i);
            Optional<WalletKeyLocation> mine = w.locate(o.scriptPubKey());
            if (fromMe && !includeChange && w.isChange(o.scriptPubKey())) continue;
            Optional<String> label = w.addressBookEntry(o.scriptPubKey()).map(AddressBook.Entry::label);
            if (fromMe) {
                ObjectNode r = row(o, params);
                r.put("category", "send");
                r.set("amount", WalletRpc.amount(-o.value()));
                label.ifPresent(l -> r.put("label", l));
                r.put("vout", i);
                fee.ifPresent(f -> r.set("fee", WalletRpc.amount(-f)));
                r.put("abandoned", abandoned);
                rows.add(new Row(r, false, label));
            }
            if (mine.isPresent() && (anyDepth || wtx.listsReceivedOutputs())) {
                ObjectNode r = row(o, params);
                r.set("parent_descs", WalletRpc.parentDescriptors(w, o.scriptPubKey()));
                String category = "receive";
                if (tx.isCoinbase()) {
                    if (depth < 1) category = "orphan";
                    else if (depth <= params.coinbaseMaturity()) category = "immature";
                    else category = "generate";
                }
                r.put("category", category);
                r.set("amount", WalletRpc.amount(o.value()));
                label.ifPresent(l -> r.put("label", l));
                r.put("vout", i);
                r.put("abandoned", abandoned);
                rows.add(new Row(r, true, label));
            }
        }
        return rows;
    }

    private static ObjectNode row(TxOut o, NetworkParams params) {
        ObjectNode r = RpcJson.object();
        Address.fromScriptPubKey(o.scriptPubKey(), params).ifPresent(a -> r.put("address", a.encode()));
        return r;
    }

    /** The fields every wallet transaction view shares (bitcoind's WalletTxToJSON). */
    static void common(Wallet w, WalletTx wtx, ObjectNode o, TransactionBroadcaster mempool) {
        int depth = wtx.confirmations(w.lastBlockHeight());
        o.put("confirmations", depth);
        if (wtx.tx().isCoinbase()) o.put("generated", true);
        if (depth <= 0) o.put("trusted", w.isTrusted(wtx));
        wtx.block().ifPresent(b -> {
            o.put("blockhash", b.blockHash().toHex());
            o.put("blockheight", b.height());
            o.put("blockindex", b.index());
            o.put("blocktime", b.blockTime());
        });
        o.put("txid", wtx.txid().toHex());
        o.put("wtxid", wtx.tx().wtxid().toHex());
        ArrayNode conflicts = o.putArray("walletconflicts");
        for (Sha256Hash c : w.conflictsOf(wtx.tx())) conflicts.add(c.toHex());
        wtx.notes().replacedByTxid().ifPresent(t -> o.put("replaced_by_txid", t.toHex()));
        wtx.notes().replacesTxid().ifPresent(t -> o.put("replaces_txid", t.toHex()));
        // bitcoind's WalletTxToJSON shows the sender's comments (mapValue "comment" and "to").
        wtx.notes().comment().ifPresent(c -> o.put("comment", c));
        wtx.notes().commentTo().ifPresent(c -> o.put("to", c));
        ArrayNode mempoolConflicts = o.putArray("mempoolconflicts");
        // The transactions the mempool holds instead of this one or an ancestor, while they are there.
        if (wtx.state() == WalletTx.State.INACTIVE) {
            for (Sha256Hash r : w.mempoolConflicts(wtx)) mempoolConflicts.add(r.toHex());
        }
        o.put("time", wtx.timeReceived());
        o.put("timereceived", wtx.timeReceived());
        o.put("bip125-replaceable", replaceable(wtx, depth, mempool));
    }

    /**
     * bitcoind's "bip125-replaceable" (IsRBFOptIn): "no" once confirmed; else "yes" when the transaction signals
     * (BIP125); else "unknown" when the mempool does not hold it; else "yes" when an in-mempool ancestor signals,
     * "no" otherwise.
     */
    private static String replaceable(WalletTx wtx, int depth, TransactionBroadcaster mempool) {
        if (depth > 0) return "no";
        if (signals(wtx.tx())) return "yes";
        Optional<List<Transaction>> ancestors = mempool.mempoolAncestors(wtx.txid());
        if (ancestors.isEmpty()) return "unknown";
        return ancestors.get().stream().anyMatch(TxEntries::signals) ? "yes" : "no";
    }

    private static boolean signals(Transaction tx) {
        for (TxIn in : tx.inputs()) if (in.sequence() <= Wallet.MAX_BIP125_RBF_SEQUENCE) return true;
        return false;
    }
}
