package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.labels.AddressBook;
import java.util.List;
import java.util.Map;

/** {@code getaddressesbylabel "label"}: the addresses with a label, each with its purpose. */
public final class GetAddressesByLabelMethod extends WalletMethod {
    public GetAddressesByLabelMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "getaddressesbylabel";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("label", RpcParamType.STR, "The label."));
    }

    @Override
    public String description() {
        return "Returns the list of addresses assigned the specified label.";
    }

    @Override
    public String resultHelp() {
        return "{                       (json object) json object with addresses as keys\n  \"address\" : {         (json object) json object with information about address\n    \"purpose\" : \"str\"    (string) Purpose of address (\"send\" for sending address, \"receive\" for receiving address)\n  },\n  ...\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        String label = WalletRpc.label(request.arg("label"));
        ObjectNode out = RpcJson.object();
        for (Map.Entry<Script, AddressBook.Entry> e : w.addressesWithLabel(label)) {
            Address.fromScriptPubKey(e.getKey(), manager.params())
                    .ifPresent(a -> out.putObject(a.encode()).put("purpose", e.getValue().purpose().rpcName()));
        }
        if (out.isEmpty()) throw new RpcException(RpcErrorCode.WALLET_INVALID_LABEL_NAME, "No addresses with label " + label);
        return out;
    }
}
