package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolInfo;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;

/** {@code getmempoolinfo}: size, memory use and fee floors of the mempool. */
public final class GetMempoolInfoMethod implements RpcMethod {
    private final Mempool mempool;

    public GetMempoolInfoMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "getmempoolinfo"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public String description() {
        return "Returns details on the active state of the TX memory pool.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                              (json object)
                  "loaded" : true|false,       (boolean) True if the initial load attempt of the persisted mempool finished
                  "size" : n,                  (numeric) Current tx count
                  "bytes" : n,                 (numeric) Sum of all virtual transaction sizes as defined in BIP 141. Differs from actual serialized size because witness data is discounted
                  "usage" : n,                 (numeric) Total memory usage for the mempool
                  "total_fee" : n,             (numeric) Total fees for the mempool in BTC, ignoring modified fees through prioritisetransaction
                  "maxmempool" : n,            (numeric) Maximum memory usage for the mempool
                  "mempoolminfee" : n,         (numeric) Minimum fee rate in BTC/kvB for tx to be accepted. Is the maximum of minrelaytxfee and minimum mempool fee
                  "minrelaytxfee" : n,         (numeric) Current minimum relay fee for transactions
                  "incrementalrelayfee" : n,   (numeric) minimum fee rate increment for mempool limiting or replacement in BTC/kvB
                  "unbroadcastcount" : n,      (numeric) Current number of transactions that haven't passed initial broadcast yet
                  "fullrbf" : true|false,      (boolean) True if the mempool accepts RBF without replaceability signaling inspection (DEPRECATED)
                  "permitbaremultisig" : true|false,  (boolean) True if the mempool accepts transactions with bare multisig outputs
                  "maxdatacarriersize" : n     (numeric) Maximum number of bytes that can be used by OP_RETURN outputs in the mempool
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        MempoolInfo info = mempool.info();
        ObjectNode o = RpcJson.object();
        o.put("loaded", info.loaded());
        o.put("size", info.size());
        o.put("bytes", info.bytes());
        o.put("usage", info.usage());
        o.set("total_fee", RpcJson.amount(Amount.ofSats(info.totalFee())));
        o.put("maxmempool", info.maxMempool());
        o.set("mempoolminfee", MempoolJson.feeRate(info.mempoolMinFee()));
        o.set("minrelaytxfee", MempoolJson.feeRate(info.minRelayTxFee()));
        o.set("incrementalrelayfee", MempoolJson.feeRate(info.incrementalRelayFee()));
        o.put("unbroadcastcount", info.unbroadcastCount());
        o.put("fullrbf", info.fullRbf());
        o.put("permitbaremultisig", info.permitBareMultisig());
        o.put("maxdatacarriersize", info.maxDataCarrierSize());
        return o;
    }
}
