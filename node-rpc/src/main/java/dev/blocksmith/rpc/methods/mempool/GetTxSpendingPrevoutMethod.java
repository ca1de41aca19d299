package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code gettxspendingprevout [{"txid":"hex","vout":n},...]}: which mempool transaction spends each output. */
public final class GetTxSpendingPrevoutMethod implements RpcMethod {
    private final Mempool mempool;

    public GetTxSpendingPrevoutMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "gettxspendingprevout"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("outputs", RpcParamType.ARR,
                "The transaction outputs that we want to check, and within each, the txid (string) vout (numeric)."));
    }

    @Override
    public String description() {
        return "Scans the mempool to find transactions spending any of the given outputs";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                [                              (json array)
                  {                            (json object)
                    "txid" : "hex",            (string) the transaction id of the checked output
                    "vout" : n,                (numeric) the vout value of the checked output
                    "spendingtxid" : "hex"     (string, optional) the transaction id of the mempool transaction spending this output (omitted if unspent)
                  },
                  ...
                ]""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"[{\\\"txid\\\":\\\"a08e6907dbbd3d809776dbfc5d82e371b764ed838b5655e72f463568df1aadf0\\\",\\\"vout\\\":3}]\"",
                "[[{\"txid\":\"a08e6907dbbd3d809776dbfc5d82e371b764ed838b5655e72f463568df1aadf0\",\"vout\":3}]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        JsonNode outputs = request.arg("outputs").asArray();
        if (outputs.isEmpty()) throw RpcException.invalidParameter("Invalid parameter, outputs are missing");
        List<OutPoint> prevouts = new ArrayList<>(outputs.size());
        for (JsonNode o : outputs) prevouts.add(outPoint(o));
        ArrayNode result = RpcJson.array();
        for (OutPoint op : prevouts) {
            ObjectNode o = result.addObject();
            o.put("txid", op.txid().toHex());
            o.put("vout", op.index());
            mempool.spenderOf(op).ifPresent(spender -> o.put("spendingtxid", spender.toHex()));
        }
        return result;
    }

    /** One {"txid", "vout"} object, checked as bitcoind's RPCTypeCheckObj (strict, no nulls). */
    private static OutPoint outPoint(JsonNode o) throws RpcException {
        if (!o.isObject()) throw RpcException.typeError(JsonType.mismatchMessage(o, JsonType.OBJECT));
        // bitcoind checks the expected keys in name order, then rejects any other key.
        for (Map.Entry<String, JsonType> expected : List.of(Map.entry("txid", JsonType.STRING), Map.entry("vout", JsonType.NUMBER))) {
            JsonNode v = o.get(expected.getKey());
            if (v == null || v.isNull()) throw RpcException.typeError("Missing " + expected.getKey());
            if (JsonType.of(v) != expected.getValue()) {
                throw RpcException.typeError("JSON value of type " + JsonType.of(v).uniValueName() + " for field "
                        + expected.getKey() + " is not of expected type " + expected.getValue().uniValueName());
            }
        }
        for (Iterator<String> keys = o.fieldNames(); keys.hasNext(); ) {
            String k = keys.next();
            if (!k.equals("txid") && !k.equals("vout")) throw RpcException.typeError("Unexpected key " + k);
        }
        Sha256Hash txid = new RpcParam("txid", o.get("txid")).asHash();
        int vout = new RpcParam("vout", o.get("vout")).asInt();
        if (vout < 0) throw RpcException.invalidParameter("Invalid parameter, vout cannot be negative");
        return new OutPoint(txid, vout);
    }
}
