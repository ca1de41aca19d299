package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.Collection;

/** Mempool entries and fee rates as bitcoind writes them (its entryToJSON and CFeeRate::GetFeePerK). */
public final class MempoolJson {
    /** The entry fields shared by getrawmempool verbose, getmempoolentry and the relatives queries. */
    static final String ENTRY_RESULT_HELP = """
              "vsize" : n,                 (numeric) virtual transaction size as defined in BIP 141. This is different from actual serialized size for witness transactions as witness data is discounted.
              "weight" : n,                (numeric) transaction weight as defined in BIP 141.
              "time" : xxx,                (numeric) local time transaction entered pool in seconds since 1 Jan 1970 GMT
              "height" : n,                (numeric) block height when transaction entered pool
              "descendantcount" : n,       (numeric) number of in-mempool descendant transactions (including this one)
              "descendantsize" : n,        (numeric) virtual transaction size of in-mempool descendants (including this one)
              "ancestorcount" : n,         (numeric) number of in-mempool ancestor transactions (including this one)
              "ancestorsize" : n,          (numeric) virtual transaction size of in-mempool ancestors (including this one)
              "wtxid" : "hex",             (string) hash of serialized transaction, including witness data
              "fees" : {                   (json object)
                "base" : n,                (numeric) transaction fee, denominated in BTC
                "modified" : n,            (numeric) transaction fee with fee deltas used for mining priority, denominated in BTC
                "ancestor" : n,            (numeric) transaction fees of in-mempool ancestors (including this one) with fee deltas used for mining priority, denominated in BTC
                "descendant" : n           (numeric) transaction fees of in-mempool descendants (including this one) with fee deltas used for mining priority, denominated in BTC
              },
              "depends" : [                (json array) unconfirmed transactions used as inputs for this transaction
                "hex",                     (string) parent transaction id
                ...
              ],
              "spentby" : [                (json array) unconfirmed transactions spending outputs from this transaction
                "hex",                     (string) child transaction id
                ...
              ],
              "bip125-replaceable" : true|false,  (boolean) Whether this transaction signals BIP125 replaceability or has an unconfirmed ancestor signaling BIP125 replaceability. (DEPRECATED)
              "unbroadcast" : true|false   (boolean) Whether this transaction is currently unbroadcast (initial broadcast not yet acknowledged by any peers)""";

    private MempoolJson() {}

    public static ObjectNode entry(MempoolEntry e) {
        ObjectNode o = RpcJson.object();
        o.put("vsize", e.vsize());
        o.put("weight", e.weight());
        o.put("time", e.time());
        o.put("height", e.height());
        o.put("descendantcount", e.descendantCount());
        o.put("descendantsize", e.descendantSize());
        o.put("ancestorcount", e.ancestorCount());
        o.put("ancestorsize", e.ancestorSize());
        o.put("wtxid", e.wtxid().toHex());
        ObjectNode fees = o.putObject("fees");
        fees.set("base", RpcJson.amount(Amount.ofSats(e.fee())));
        fees.set("modified", RpcJson.amount(Amount.ofSats(e.modifiedFee())));
        fees.set("ancestor", RpcJson.amount(Amount.ofSats(e.ancestorFees())));
        fees.set("descendant", RpcJson.amount(Amount.ofSats(e.descendantFees())));
        o.set("depends", txids(e.depends()));
        o.set("spentby", txids(e.spentBy()));
        o.put("bip125-replaceable", e.bip125Replaceable());
        o.put("unbroadcast", e.unbroadcast());
        return o;
    }

    public static ArrayNode txids(Collection<Sha256Hash> txids) {
        ArrayNode a = RpcJson.array();
        for (Sha256Hash h : txids) a.add(h.toHex());
        return a;
    }

    /** A fee rate in BTC per 1000 virtual bytes with 8 decimals, as bitcoind's ValueFromAmount(GetFeePerK()). */
    public static com.fasterxml.jackson.databind.JsonNode feeRate(FeeRate rate) {
        return RpcJson.amount(Amount.ofSats(rate.satsPerKvB()));
    }
}
