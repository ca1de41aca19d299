package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.psbt.MissingData;
import dev.blocksmith.core.psbt.PsbtAnalysis;
import dev.blocksmith.core.psbt.PsbtAnalyzer;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code analyzepsbt "psbt"}: where a PSBT stands, input by input, and the next role it needs. */
public final class AnalyzePsbtMethod implements RpcMethod {
    @Override
    public String name() {
        return "analyzepsbt";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("psbt", RpcParamType.STR, "A base64 string of a PSBT"));
    }

    @Override
    public String description() {
        return "Analyzes and provides information about the current status of a PSBT and its inputs";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                                   (json object)
                  "inputs" : [                      (json array, optional)
                    {                               (json object)
                      "has_utxo" : true|false,      (boolean) Whether a UTXO is provided
                      "is_final" : true|false,      (boolean) Whether the input is finalized
                      "missing" : {                 (json object, optional) What the input still lacks
                        "pubkeys" : [ "hex", ... ], (json array, optional) Key ids (hash160) of public keys whose derivation is missing
                        "signatures" : [ "hex", ... ], (json array, optional) Key ids of public keys whose signature is missing
                        "redeemscript" : "hex",     (string, optional) Hash160 of the missing redeem script
                        "witnessscript" : "hex"     (string, optional) SHA256 of the missing witness script
                      },
                      "next" : "str"                (string, optional) Role the input needs next
                    },
                    ...
                  ],
                  "estimated_vsize" : n,            (numeric, optional) Estimated vsize of the final signed transaction
                  "estimated_feerate" : n,          (numeric, optional) Estimated fee rate of the final transaction in BTC/kvB, when all UTXOs are known
                  "fee" : n,                        (numeric, optional) The fee paid, when all UTXOs are known
                  "next" : "str",                   (string) Role the PSBT needs next
                  "error" : "str"                   (string, optional) Why the PSBT is invalid, if it is
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"psbt\"", "[\"psbt\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        PsbtAnalysis a = PsbtAnalyzer.analyze(PsbtBase64.decode(request.arg("psbt").asString()));
        ObjectNode out = RpcJson.object();
        if (!a.inputs().isEmpty()) {
            ArrayNode inputs = out.putArray("inputs");
            for (PsbtAnalysis.InputAnalysis in : a.inputs()) {
                ObjectNode o = inputs.addObject();
                o.put("has_utxo", in.hasUtxo());
                o.put("is_final", in.isFinal());
                o.put("next", in.next().rpcName());
                MissingData m = in.missing();
                if (!m.isEmpty()) {
                    ObjectNode missing = RpcJson.object();
                    if (!m.pubkeys().isEmpty()) {
                        ArrayNode keys = missing.putArray("pubkeys");
                        m.pubkeys().forEach(k -> keys.add(k.toHex()));
                    }
                    m.redeemScript().ifPresent(h -> missing.put("redeemscript", h.toHex()));
                    m.witnessScript().ifPresent(h -> missing.put("witnessscript", h.toHex()));
                    if (!m.signatures().isEmpty()) {
                        ArrayNode sigs = missing.putArray("signatures");
                        m.signatures().forEach(k -> sigs.add(k.toHex()));
                    }
                    o.set("missing", missing);
                }
            }
        }
        a.estimatedVsize().ifPresent(v -> out.put("estimated_vsize", v));
        a.estimatedFeeRatePerKvb().ifPresent(r -> out.set("estimated_feerate", RpcJson.amount(Amount.ofSats(r))));
        a.fee().ifPresent(f -> out.set("fee", RpcJson.amount(Amount.ofSats(f))));
        out.put("next", a.next().rpcName());
        a.error().ifPresent(e -> out.put("error", e));
        return out;
    }
}
