package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletKeyLocation;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The per-output rows bitcoind shows for a wallet transaction (ListTransactions / gettransaction "details"):
 * "send" rows for outputs paid away by a transaction we funded, "receive" rows for outputs paying us, and
 * "generate"/"immature"/"orphan" for coinbase outputs. Outputs to our change chain in a transaction we
 * funded are change and shown in neither (bitcoind's OutputIsChange).
 */
final class TxEntries {
    private TxEntries() {
    }

    static List<ObjectNode> rows(Wallet w, WalletTx wtx, NetworkParams params) {
        Transaction tx = wtx.tx();
        int depth = wtx.confirmations(w.lastBlockHeight());
        boolean fromMe = w.debit(tx) > 0;
        Optional<Long> fee = w.fee(tx);
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < tx.outputs().size(); i++) {
            TxOut o = tx.output(i);
            Optional<WalletKeyLocation> mine = w.locate(o.scriptPubKey());
            boolean change = fromMe && mine.isPresent() && mine.get().chain() == Account.Chain.CHANGE;
            if (change) continue;
            if (fromMe) {
                ObjectNode r = row(o, i, params);
                r.put("category", "send");
                r.set("amount", WalletRpc.amount(-o.value()));
                fee.ifPresent(f -> r.set("fee", WalletRpc.amount(-f)));
                rows.add(r);
            }
            if (mine.isPresent()) {
                ObjectNode r = row(o, i, params);
                String category = "receive";
                if (tx.isCoinbase()) {
                    if (depth < 1) category = "orphan";
                    else if (depth <= params.coinbaseMaturity()) category = "immature";
                    else category = "generate";
                }
                r.put("category", category);
                r.set("amount", WalletRpc.amount(o.value()));
                rows.add(r);
            }
        }
        return rows;
    }

    private static ObjectNode row(TxOut o, int vout, NetworkParams params) {
        ObjectNode r = RpcJson.object();
        Address.fromScriptPubKey(o.scriptPubKey(), params).ifPresent(a -> r.put("address", a.encode()));
        r.put("vout", vout);
        // bitcoind 30's schema lists "abandoned" for every row; nothing here is ever abandoned (no abandontransaction).
        r.put("abandoned", false);
        return r;
    }

    /** The fields every wallet transaction view shares (bitcoind's WalletTxToJSON). */
    static void common(Wallet w, WalletTx wtx, ObjectNode o) {
        int depth = wtx.confirmations(w.lastBlockHeight());
        o.put("confirmations", depth);
        if (wtx.tx().isCoinbase()) o.put("generated", true);
        if (depth == 0) o.put("trusted", w.fee(wtx.tx()).isPresent());
        wtx.block().ifPresent(b -> {
            o.put("blockhash", b.blockHash().toHex());
            o.put("blockheight", b.height());
            o.put("blockindex", b.index());
            o.put("blocktime", b.blockTime());
        });
        o.put("txid", wtx.txid().toHex());
        o.put("wtxid", wtx.tx().wtxid().toHex());
        o.set("walletconflicts", conflicts(w, wtx));
        o.putArray("mempoolconflicts");
        o.put("time", wtx.timeReceived());
        o.put("timereceived", wtx.timeReceived());
        o.put("bip125-replaceable", replaceable(wtx));
    }

    /** Other wallet transactions spending any of the same outputs. */
    private static ArrayNode conflicts(Wallet w, WalletTx wtx) {
        ArrayNode a = RpcJson.array();
        if (wtx.tx().isCoinbase()) return a;
        for (WalletTx other : w.transactions()) {
            if (other.txid().equals(wtx.txid()) || other.tx().isCoinbase()) continue;
            boolean shares = false;
            for (TxIn in : other.tx().inputs()) {
                for (TxIn mine : wtx.tx().inputs()) shares |= in.prevout().equals(mine.prevout());
            }
            if (shares) a.add(other.txid().toHex());
        }
        return a;
    }

    /** BIP125 signalling of the transaction itself; confirmed or conflicted transactions are never replaceable. */
    private static String replaceable(WalletTx wtx) {
        if (wtx.state() != WalletTx.State.PENDING) return "no";
        for (TxIn in : wtx.tx().inputs()) if (in.sequence() <= Wallet.MAX_BIP125_RBF_SEQUENCE) return "yes";
        return "no";
    }
}
