package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.psbt.PsbtFinalizer;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code finalizepsbt "psbt" ( extract )}: the BIP174 Finalizer and Extractor. Complete inputs get their
 * final scriptSig and witness (verified by the script interpreter); with {@code extract} (the default)
 * and every input complete, the network transaction is returned instead of the PSBT.
 */
public final class FinalizePsbtMethod implements RpcMethod {
    @Override
    public String name() {
        return "finalizepsbt";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("psbt", RpcParamType.STR, "A base64 string of a PSBT"),
                RpcParamSpec.withDefault("extract", RpcParamType.BOOL, true,
                        "If true and the transaction is complete, return the network transaction instead of the PSBT."));
    }

    @Override
    public String description() {
        return "Finalize the inputs of a PSBT. If the transaction is fully signed, it will produce a\n"
                + "network serialized transaction which can be broadcast with sendrawtransaction. Otherwise a PSBT is returned\n"
                + "whose complete inputs have their final_scriptSig and final_scriptwitness filled.\n"
                + "Implements the Finalizer and Extractor roles.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                             (json object)
                  "psbt" : "str",             (string, optional) The base64-encoded partially signed transaction if not extracted
                  "hex" : "hex",              (string, optional) The hex-encoded network transaction if extracted
                  "complete" : true|false     (boolean) If the transaction has a complete set of signatures
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"psbt\"", "[\"psbt\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        var psbt = PsbtBase64.decode(request.arg("psbt").asString());
        boolean extract = request.arg("extract").asBool();
        PsbtFinalizer.Finalized f = PsbtFinalizer.finalizeInputs(psbt);
        ObjectNode out = RpcJson.object();
        if (f.complete() && extract) {
            out.put("hex", f.transaction().orElseThrow().toHex());
        } else {
            out.put("psbt", PsbtBase64.encode(f.psbt()));
        }
        out.put("complete", f.complete());
        return out;
    }
}
