package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;
import java.util.Optional;

/** {@code loadwallet "filename" ( load_on_startup )}. */
public final class LoadWalletMethod extends WalletMethod {
    public LoadWalletMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "loadwallet";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("filename", RpcParamType.STR, "The wallet directory or .dat file."),
                RpcParamSpec.optional("load_on_startup", RpcParamType.BOOL, "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."));
    }

    @Override
    public String description() {
        return "Loads a wallet from a wallet file or directory.\nNote that all wallet command-line options used when starting bitcoind will be\napplied to the new wallet.";
    }

    @Override
    public String resultHelp() {
        return "{                       (json object)\n  \"name\" : \"str\",        (string) The wallet name if loaded successfully.\n  \"warnings\" : [         (json array, optional) Warning messages, if any, related to loading the wallet.\n    \"str\",              (string)\n    ...\n  ]\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String name = request.arg("filename").asString();
        Optional<Boolean> onStartup = request.arg("load_on_startup").isNull() ? Optional.empty() : Optional.of(request.arg("load_on_startup").asBool());
        try {
            manager.load(name, onStartup);
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        }
        ObjectNode out = RpcJson.object();
        out.put("name", name);
        return out;
    }
}
