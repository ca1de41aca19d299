package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.List;
import java.util.Optional;

/** Decoded transactions as bitcoind's TxToUniv writes them (getblock 2/3, getrawtransaction 1/2). */
public final class TxRender {
    private TxRender() {}

    /**
     * @param blockHash   included as "blockhash" when present
     * @param spentCoins  the coins the inputs spend (undo data), in input order; enables "fee"
     * @param withPrevout add each input's spent output as "prevout" (verbosity 3)
     */
    public static ObjectNode toJson(Transaction tx, NetworkParams params, Optional<Sha256Hash> blockHash,
                                    Optional<List<Coin>> spentCoins, boolean withPrevout, boolean includeHex) {
        ObjectNode entry = RpcJson.object();
        entry.put("txid", tx.txid().toHex());
        entry.put("hash", tx.wtxid().toHex());
        // The version field is unsigned since bitcoind 28.
        entry.put("version", Integer.toUnsignedLong(tx.version()));
        entry.put("size", tx.totalSize());
        entry.put("vsize", tx.vsize());
        entry.put("weight", tx.weight());
        entry.put("locktime", tx.lockTime());

        long totalIn = 0;
        ArrayNode vin = entry.putArray("vin");
        for (int i = 0; i < tx.inputs().size(); i++) {
            TxIn in = tx.input(i);
            ObjectNode o = vin.addObject();
            if (tx.isCoinbase()) {
                o.put("coinbase", in.scriptSig().toHex());
            } else {
                o.put("txid", in.prevout().txid().toHex());
                o.put("vout", in.prevout().index());
                ObjectNode scriptSig = o.putObject("scriptSig");
                scriptSig.put("asm", ScriptRender.asm(in.scriptSig(), true));
                scriptSig.put("hex", in.scriptSig().toHex());
            }
            if (!in.witness().isEmpty()) {
                ArrayNode w = o.putArray("txinwitness");
                for (byte[] item : in.witness().rawItems()) w.add(Hex.encode(item));
            }
            if (spentCoins.isPresent()) {
                Coin coin = spentCoins.get().get(i);
                totalIn += coin.output().value();
                if (withPrevout) {
                    ObjectNode p = o.putObject("prevout");
                    p.put("generated", coin.coinbase());
                    p.put("height", coin.height());
                    p.set("value", RpcJson.amount(Amount.ofSats(coin.output().value())));
                    p.set("scriptPubKey", ScriptRender.scriptPubKey(coin.output().scriptPubKey(), params));
                }
            }
            o.put("sequence", in.sequence());
        }

        long totalOut = 0;
        ArrayNode vout = entry.putArray("vout");
        for (int i = 0; i < tx.outputs().size(); i++) {
            TxOut out = tx.output(i);
            ObjectNode o = vout.addObject();
            o.set("value", RpcJson.amount(Amount.ofSats(out.value())));
            o.put("n", i);
            o.set("scriptPubKey", ScriptRender.scriptPubKey(out.scriptPubKey(), params));
            totalOut += out.value();
        }
        if (spentCoins.isPresent()) {
            entry.set("fee", RpcJson.amount(Amount.ofSats(totalIn - totalOut)));
        }
        blockHash.ifPresent(h -> entry.put("blockhash", h.toHex()));
        if (includeHex) {
            entry.put("hex", tx.toHex());
        }
        return entry;
    }
}
