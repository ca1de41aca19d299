package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.Map;
import java.util.Optional;

/** {@code getprioritisedtransactions}: every fee delta set by prioritisetransaction. */
public final class GetPrioritisedTransactionsMethod implements RpcMethod {
    private final Mempool mempool;

    public GetPrioritisedTransactionsMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "getprioritisedtransactions"; }
    @Override public RpcCategory category() { return RpcCategory.MINING; }

    @Override
    public String description() {
        return "Returns a map of all user-created (see prioritisetransaction) fee deltas by txid, and whether the tx is present in mempool.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                                 (json object) prioritisation keyed by txid
                  "<transactionid>" : {           (json object)
                    "fee_delta" : n,              (numeric) transaction fee delta in satoshis
                    "in_mempool" : true|false,    (boolean) whether this transaction is currently in mempool
                    "modified_fee" : n            (numeric, optional) modified fee in satoshis. Only returned if in_mempool=true
                  },
                  ...
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        ObjectNode o = RpcJson.object();
        for (Map.Entry<Sha256Hash, Long> d : mempool.feeDeltas().entrySet()) {
            ObjectNode inner = o.putObject(d.getKey().toHex());
            inner.put("fee_delta", d.getValue());
            Optional<MempoolEntry> e = mempool.entry(d.getKey());
            inner.put("in_mempool", e.isPresent());
            e.ifPresent(entry -> inner.put("modified_fee", entry.modifiedFee()));
        }
        return o;
    }
}
