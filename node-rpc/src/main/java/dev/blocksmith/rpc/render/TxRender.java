package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.json.RpcJson;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Decoded transactions as bitcoind's TxToUniv writes them (getblock 2/3, getrawtransaction 1/2). Written straight
 * to a JSON generator: getblock verbosity 2 of a full block writes thousands of them into one reply, where building a
 * tree of each first cost as much again as writing it.
 */
public final class TxRender {
    private TxRender() {}

    /**
     * The transaction as a tree (callers that add fields to it).
     *
     * @see #write
     */
    public static ObjectNode toJson(Transaction tx, NetworkParams params, Optional<Sha256Hash> blockHash,
                                    Optional<List<Coin>> spentCoins, boolean withPrevout, boolean includeHex) {
        return (ObjectNode) RpcJson.tree(out -> write(out, tx, params, blockHash, spentCoins, withPrevout, includeHex));
    }

    /**
     * Writes the transaction's object.
     *
     * @param blockHash   included as "blockhash" when present
     * @param spentCoins  the coins the inputs spend (undo data), in input order; enables "fee"
     * @param withPrevout add each input's spent output as "prevout" (verbosity 3)
     */
    public static void write(JsonGenerator out, Transaction tx, NetworkParams params, Optional<Sha256Hash> blockHash,
                             Optional<List<Coin>> spentCoins, boolean withPrevout, boolean includeHex) throws IOException {
        out.writeStartObject();
        JsonHex.writeHashField(out, "txid", tx.txid());
        JsonHex.writeHashField(out, "hash", tx.wtxid());
        // The version field is unsigned since bitcoind 28.
        out.writeNumberField("version", Integer.toUnsignedLong(tx.version()));
        out.writeNumberField("size", tx.totalSize());
        out.writeNumberField("vsize", tx.vsize());
        out.writeNumberField("weight", tx.weight());
        out.writeNumberField("locktime", tx.lockTime());

        long totalIn = 0;
        out.writeArrayFieldStart("vin");
        for (int i = 0; i < tx.inputs().size(); i++) {
            TxIn in = tx.input(i);
            out.writeStartObject();
            if (tx.isCoinbase()) {
                JsonHex.writeField(out, "coinbase", in.scriptSig().rawBytes());
            } else {
                JsonHex.writeHashField(out, "txid", in.prevout().txid());
                out.writeNumberField("vout", in.prevout().index());
                out.writeObjectFieldStart("scriptSig");
                out.writeFieldName("asm");
                ScriptRender.writeAsm(out, in.scriptSig(), true);
                JsonHex.writeField(out, "hex", in.scriptSig().rawBytes());
                out.writeEndObject();
            }
            if (!in.witness().isEmpty()) {
                out.writeArrayFieldStart("txinwitness");
                for (byte[] item : in.witness().rawItems()) JsonHex.write(out, item);
                out.writeEndArray();
            }
            if (spentCoins.isPresent()) {
                Coin coin = spentCoins.get().get(i);
                totalIn += coin.output().value();
                if (withPrevout) {
                    out.writeObjectFieldStart("prevout");
                    out.writeBooleanField("generated", coin.coinbase());
                    out.writeNumberField("height", coin.height());
                    JsonAmount.writeField(out, "value", coin.output().value());
                    out.writeFieldName("scriptPubKey");
                    ScriptRender.writeScriptPubKey(out, coin.output().scriptPubKey(), params);
                    out.writeEndObject();
                }
            }
            out.writeNumberField("sequence", in.sequence());
            out.writeEndObject();
        }
        out.writeEndArray();

        long totalOut = 0;
        out.writeArrayFieldStart("vout");
        for (int i = 0; i < tx.outputs().size(); i++) {
            TxOut o = tx.output(i);
            out.writeStartObject();
            JsonAmount.writeField(out, "value", o.value());
            out.writeNumberField("n", i);
            out.writeFieldName("scriptPubKey");
            ScriptRender.writeScriptPubKey(out, o.scriptPubKey(), params);
            out.writeEndObject();
            totalOut += o.value();
        }
        out.writeEndArray();
        if (spentCoins.isPresent()) {
            JsonAmount.writeField(out, "fee", totalIn - totalOut);
        }
        if (blockHash.isPresent()) JsonHex.writeHashField(out, "blockhash", blockHash.get());
        if (includeHex) {
            JsonHex.writeField(out, "hex", tx.serialize());
        }
        out.writeEndObject();
    }
}
