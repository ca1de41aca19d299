package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtCombiner;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code combinepsbt ["psbt",...]}: the BIP174 Combiner over PSBTs of one unsigned transaction. */
public final class CombinePsbtMethod implements RpcMethod {
    @Override
    public String name() {
        return "combinepsbt";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txs", RpcParamType.ARR, "The base64 strings of partially signed transactions"));
    }

    @Override
    public String description() {
        return "Combine multiple partially signed Bitcoin transactions into one transaction.\nImplements the Combiner role.";
    }

    @Override
    public String resultHelp() {
        return "Result:\n\"str\"    (string) The base64-encoded partially signed transaction";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("'[\"mybase64_1\", \"mybase64_2\", \"mybase64_3\"]'", "[[\"mybase64_1\", \"mybase64_2\", \"mybase64_3\"]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        JsonNode txs = request.arg("txs").asArray();
        if (txs.isEmpty()) throw RpcException.invalidParameter("Parameter 'txs' cannot be empty");
        List<Psbt> psbts = PsbtArguments.decodeAll(txs);
        Psbt merged = PsbtCombiner.combine(psbts)
                .orElseThrow(() -> RpcException.invalidParameter("PSBTs not compatible (different transactions)"));
        return TextNode.valueOf(PsbtBase64.encode(merged));
    }
}
