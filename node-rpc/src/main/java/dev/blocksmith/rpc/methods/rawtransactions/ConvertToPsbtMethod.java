package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code converttopsbt "hexstring" ( permitsigdata iswitness )}: a raw transaction as a PSBT. Inputs that
 * carry a scriptSig or witness are refused unless {@code permitsigdata}, which drops them.
 */
public final class ConvertToPsbtMethod implements RpcMethod {
    @Override
    public String name() {
        return "converttopsbt";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("hexstring", RpcParamType.STR_HEX, "The hex string of a raw transaction"),
                RpcParamSpec.withDefault("permitsigdata", RpcParamType.BOOL, false,
                        "If true, signatures in the inputs are discarded; if false, inputs with signature data are refused."),
                RpcParamSpec.withHint("iswitness", RpcParamType.BOOL, "depends on heuristic tests",
                        "Whether the hex is a serialized witness transaction: true tries only the witness form, false only the legacy form."));
    }

    @Override
    public String description() {
        return "Converts a network serialized transaction to a PSBT. Meant for transactions from createrawtransaction and "
                + "fundrawtransaction;\ncreatepsbt and walletcreatefundedpsbt should be used for new applications.";
    }

    @Override
    public String resultHelp() {
        return "Result:\n\"str\"    (string) The resulting PSBT (base64-encoded string)";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"rawtransaction\"", "[\"rawtransaction\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String hex = request.arg("hexstring").asString();
        boolean permitSigData = request.arg("permitsigdata").asBool();
        boolean tryWitness = true;
        boolean tryLegacy = true;
        if (request.arg("iswitness").isPresent()) {
            tryWitness = request.arg("iswitness").asBool();
            tryLegacy = !tryWitness;
        }
        Transaction tx = RawTransactions.decode(hex, tryLegacy, tryWitness)
                .orElseThrow(() -> new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed"));
        List<TxIn> ins = new ArrayList<>();
        for (TxIn in : tx.inputs()) {
            if ((!in.scriptSig().isEmpty() || !in.witness().isEmpty()) && !permitSigData) {
                throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "Inputs must not have scriptSigs and scriptWitnesses");
            }
            ins.add(in.withScriptSig(Script.EMPTY).withWitness(Witness.EMPTY));
        }
        return TextNode.valueOf(PsbtBase64.encode(Psbt.create(new Transaction(tx.version(), ins, tx.outputs(), tx.lockTime()))));
    }
}
