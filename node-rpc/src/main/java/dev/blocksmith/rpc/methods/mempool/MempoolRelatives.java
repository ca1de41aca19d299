package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** What getmempoolancestors and getmempooldescendants share: arguments, error and result shapes. */
final class MempoolRelatives {
    private MempoolRelatives() {}

    static List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txid", RpcParamType.STR_HEX, "The transaction id (must be in mempool)"),
                RpcParamSpec.withDefault("verbose", RpcParamType.BOOL, false,
                        "True for a json object, false for array of transaction ids"));
    }

    /** bitcoind parses these txids as ParseHashV(..., "parameter 1"), which its error messages name. */
    static Sha256Hash txid(RpcRequest request) throws RpcException {
        return new RpcParam("parameter 1", request.arg("txid").json()).asHash();
    }

    static RpcException notInMempool() {
        return new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Transaction not in mempool");
    }

    static JsonNode render(List<MempoolEntry> relatives, boolean verbose) {
        if (!verbose) {
            ArrayNode a = RpcJson.array();
            for (MempoolEntry e : relatives) a.add(e.txid().toHex());
            return a;
        }
        ObjectNode o = RpcJson.object();
        for (MempoolEntry e : relatives) o.set(e.txid().toHex(), MempoolJson.entry(e));
        return o;
    }

    static String resultHelp(String relation) {
        return """
                Result (for verbose = false):
                [           (json array)
                  "hex",    (string) The transaction id of an in-mempool %s transaction
                  ...
                ]

                Result (for verbose = true):
                {                 (json object)
                  "transactionid" : {    (json object)
                """.formatted(relation) + MempoolJson.ENTRY_RESULT_HELP + """

                  },
                  ...
                }""";
    }
}
