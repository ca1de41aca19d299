package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.util.List;

/** {@code setlabel "address" "label"}: labels one of our addresses (receive) or someone else's (send). */
public final class SetLabelMethod extends WalletMethod {
    public SetLabelMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "setlabel";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("address", RpcParamType.STR, "The bitcoin address to be associated with a label."),
                RpcParamSpec.required("label", RpcParamType.STR, "The label to assign to the address."));
    }

    @Override
    public String description() {
        return "Sets the label associated with the given address.";
    }

    @Override
    public String resultHelp() {
        return "null    (json null)";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        Script script = WalletRpc.address(manager, request.arg("address").asString());
        String label = WalletRpc.label(request.arg("label"));
        try {
            w.setLabel(script, label);
        } catch (WalletStoreException e) {
            throw WalletRpc.storeError(e);
        }
        return NullNode.getInstance();
    }
}
