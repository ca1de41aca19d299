package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.json.StreamedJson;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code getrawmempool ( verbose mempool_sequence )}: the mempool's txids, or every entry in detail, or
 * the txids with the mempool sequence number that ZMQ subscribers use to line up their notifications.
 */
public final class GetRawMempoolMethod implements RpcMethod {
    private final Mempool mempool;
    private final LongSupplier sequence;

    /** @param sequence the mempool sequence: increases on every addition and removal */
    public GetRawMempoolMethod(Mempool mempool, LongSupplier sequence) {
        this.mempool = mempool;
        this.sequence = sequence;
    }

    @Override public String name() { return "getrawmempool"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.withDefault("verbose", RpcParamType.BOOL, false,
                        "True for a json object, false for array of transaction ids"),
                RpcParamSpec.withDefault("mempool_sequence", RpcParamType.BOOL, false,
                        "If verbose=false, returns a json object with transaction list and mempool sequence number attached."));
    }

    @Override
    public String description() {
        return "Returns all transaction ids in memory pool as a json array of string transaction ids.\n\n"
                + "Hint: use getmempoolentry to fetch a specific transaction from the mempool.";
    }

    @Override
    public String resultHelp() {
        return """
                Result (for verbose = false):
                [           (json array)
                  "hex",    (string) The transaction id
                  ...
                ]

                Result (for verbose = true):
                {                 (json object)
                  "transactionid" : {    (json object)
                """ + MempoolJson.ENTRY_RESULT_HELP + """

                  },
                  ...
                }

                Result (for verbose = false and mempool_sequence = true):
                {                            (json object)
                  "txids" : [                (json array)
                    "hex",                   (string) The transaction id
                    ...
                  ],
                  "mempool_sequence" : n     (numeric) The mempool sequence value.
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        boolean verbose = request.arg("verbose").asBool();
        boolean withSequence = request.arg("mempool_sequence").asBool();
        if (verbose && withSequence) {
            throw RpcException.invalidParameter(
                    "Verbose results cannot contain mempool sequence values. (Use getmempoolentry if you need both.)");
        }
        // A full mempool is about 100,000 entries: tens of MB of JSON, written as it is produced from a snapshot
        // instead of held as a tree (issue 13: large results as a stream), one entry's small tree at a time.
        if (verbose) {
            List<MempoolEntry> entries = mempool.entries();
            return StreamedJson.of(out -> {
                out.writeStartObject();
                for (MempoolEntry e : entries) {
                    out.writeFieldName(e.txid().toHex());
                    out.writeTree(MempoolJson.entry(e));
                }
                out.writeEndObject();
            });
        }
        if (!withSequence) {
            List<Sha256Hash> txids = List.copyOf(mempool.txids());
            return StreamedJson.of(out -> {
                out.writeStartArray();
                for (Sha256Hash txid : txids) out.writeString(txid.toHex());
                out.writeEndArray();
            });
        }
        // Read the sequence first: a change in between shows as a sequence older than the list, which
        // subscribers resolve by replaying notifications, never as a list missing a counted change.
        long seq = sequence.getAsLong();
        ObjectNode o = RpcJson.object();
        o.set("txids", MempoolJson.txids(mempool.txids()));
        o.put("mempool_sequence", seq);
        return o;
    }
}
