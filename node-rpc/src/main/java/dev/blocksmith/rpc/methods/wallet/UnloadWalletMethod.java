package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;
import java.util.Optional;

/** {@code unloadwallet ( "wallet_name" load_on_startup )}. */
public final class UnloadWalletMethod extends WalletMethod {
    public UnloadWalletMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "unloadwallet";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.withHint("wallet_name", RpcParamType.STR, "the wallet name from the RPC endpoint", "The name of the wallet to unload. If provided both here and in the RPC endpoint, the two must be identical."),
                RpcParamSpec.optional("load_on_startup", RpcParamType.BOOL, "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."));
    }

    @Override
    public String description() {
        return "Unloads the wallet referenced by the request endpoint or the wallet_name argument.\nIf both are specified, they must be identical.";
    }

    @Override
    public String resultHelp() {
        return "{                       (json object)\n  \"warnings\" : [         (json array, optional) Warning messages, if any, related to unloading the wallet.\n    \"str\",              (string)\n    ...\n  ]\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Optional<String> endpoint = request.walletName();
        Optional<String> named = request.arg("wallet_name").isNull() ? Optional.empty() : Optional.of(request.arg("wallet_name").asString());
        if (endpoint.isPresent() && named.isPresent() && !endpoint.get().equals(named.get())) {
            throw RpcException.invalidParameter("The RPC endpoint wallet and the wallet name parameter specify different wallets");
        }
        // bitcoind's unloadwallet never falls back to the only loaded wallet: the wallet is named one way or the other.
        if (endpoint.isEmpty() && named.isEmpty()) {
            throw RpcException.invalidParameter("Either the RPC endpoint wallet or the wallet name parameter must be provided");
        }
        Optional<Boolean> onStartup = request.arg("load_on_startup").isNull() ? Optional.empty() : Optional.of(request.arg("load_on_startup").asBool());
        try {
            String name = named.orElseGet(endpoint::orElseThrow);
            manager.unload(name, onStartup);
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        }
        return RpcJson.object();
    }
}
