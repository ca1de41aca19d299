package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code createpsbt inputs outputs ( locktime replaceable version )}: the BIP174 Creator, the transaction
 * createrawtransaction would build wrapped in a PSBT with empty maps.
 */
public final class CreatePsbtMethod implements RpcMethod {
    private final NetworkParams params;

    public CreatePsbtMethod(NetworkParams params) {
        this.params = params;
    }

    @Override
    public String name() {
        return "createpsbt";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return TransactionConstructor.PARAMS;
    }

    @Override
    public String description() {
        return "Creates a transaction in the Partially Signed Transaction format.\nImplements the Creator role.\n"
                + "The inputs are not signed, and the transaction is neither stored in a wallet nor sent to the network.";
    }

    @Override
    public String resultHelp() {
        return "Result:\n\"str\"    (string) The resulting PSBT (base64-encoded string)";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"address\\\":0.01}]\"",
                "[[{\"txid\":\"myid\",\"vout\":0}], [{\"address\":0.01}]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        return TextNode.valueOf(PsbtBase64.encode(Psbt.create(TransactionConstructor.construct(request, params))));
    }
}
