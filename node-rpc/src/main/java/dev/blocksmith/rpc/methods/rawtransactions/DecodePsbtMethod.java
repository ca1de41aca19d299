package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.PsbtRender;
import java.util.List;

/** {@code decodepsbt "psbt"}: every field of a base64 PSBT as JSON, with the fee when all UTXOs are known. */
public final class DecodePsbtMethod implements RpcMethod {
    private final NetworkParams params;

    public DecodePsbtMethod(NetworkParams params) {
        this.params = params;
    }

    @Override
    public String name() {
        return "decodepsbt";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("psbt", RpcParamType.STR, "The PSBT base64 string"));
    }

    @Override
    public String description() {
        return "Return a JSON object representing the serialized, base64-encoded partially signed Bitcoin transaction.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                                  (json object)
                  "tx" : {...},                    (json object) The unsigned transaction, as decoderawtransaction shows it
                  "global_xpubs" : [...],          (json array) {"xpub", "master_fingerprint", "path"} per extended key
                  "psbt_version" : n,              (numeric) The PSBT version number (not the transaction's version)
                  "proprietary" : [...],           (json array) {"identifier", "subtype", "key", "value"} per proprietary record
                  "unknown" : {...},               (json object) Unknown global records, key hex to value hex
                  "inputs" : [...],                (json array) Each input's fields (UTXOs, signatures, scripts, derivations, taproot fields)
                  "outputs" : [...],               (json array) Each output's fields (scripts, derivations, taproot fields)
                  "fee" : n                        (numeric, optional) The fee in BTC, when every input's UTXO is known
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"psbt\"", "[\"psbt\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        return PsbtRender.decode(PsbtBase64.decode(request.arg("psbt").asString()), params);
    }
}
