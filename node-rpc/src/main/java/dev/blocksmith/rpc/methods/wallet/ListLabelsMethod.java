package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.labels.AddressPurpose;
import java.util.List;
import java.util.Optional;

/** {@code listlabels ( "purpose" )}: the labels in use, sorted, optionally of one purpose. */
public final class ListLabelsMethod extends WalletMethod {
    public ListLabelsMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listlabels";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.optional("purpose", RpcParamType.STR,
                "Address purpose to list labels for ('send','receive'). An empty string is the same as not providing this argument."));
    }

    @Override
    public String description() {
        return "Returns the list of all labels, or labels that are assigned to addresses with a specific purpose.";
    }

    @Override
    public String resultHelp() {
        return "[           (json array)\n  \"str\",    (string) Label name\n  ...\n]";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        Optional<AddressPurpose> purpose = Optional.empty();
        // bitcoind: an absent or empty purpose lists the labels of every purpose.
        String p = request.arg("purpose").isPresent() ? request.arg("purpose").asString() : "";
        if (!p.isEmpty()) {
            purpose = Optional.of(AddressPurpose.byRpcName(p).orElseThrow(() -> RpcException.invalidParameter(
                    "Invalid 'purpose' argument, must be a known purpose string, typically 'send', or 'receive'.")));
        }
        ArrayNode out = RpcJson.array();
        w.labels(purpose).forEach(out::add);
        return out;
    }
}
