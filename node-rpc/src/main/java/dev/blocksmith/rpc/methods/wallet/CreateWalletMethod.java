package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletFlags;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;
import java.util.Optional;

/** {@code createwallet "wallet_name" ( disable_private_keys blank "passphrase" avoid_reuse descriptors load_on_startup external_signer )}. */
public final class CreateWalletMethod extends WalletMethod {
    public CreateWalletMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "createwallet";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("wallet_name", RpcParamType.STR, "The name for the new wallet. If this is a path, the wallet will be created at the path location."),
                RpcParamSpec.withDefault("disable_private_keys", RpcParamType.BOOL, false, "Disable the possibility of private keys (only watchonlys are possible in this mode)."),
                RpcParamSpec.withDefault("blank", RpcParamType.BOOL, false, "Create a blank wallet. A blank wallet has no keys."),
                RpcParamSpec.optional("passphrase", RpcParamType.STR, "Encrypt the wallet with this passphrase."),
                RpcParamSpec.withDefault("avoid_reuse", RpcParamType.BOOL, false, "Keep track of coin reuse, and treat dirty and clean coins differently with privacy considerations in mind."),
                RpcParamSpec.withDefault("descriptors", RpcParamType.BOOL, true, "If set, must be \"true\""),
                RpcParamSpec.optional("load_on_startup", RpcParamType.BOOL, "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."),
                RpcParamSpec.withDefault("external_signer", RpcParamType.BOOL, false, "Use an external signer such as a hardware wallet."));
    }

    @Override
    public String description() {
        return "Creates and loads a new wallet.";
    }

    @Override
    public String resultHelp() {
        return "{                       (json object)\n  \"name\" : \"str\",        (string) The wallet name if created successfully.\n  \"warnings\" : [         (json array, optional) Warning messages, if any, related to creating and loading the wallet.\n    \"str\",              (string)\n    ...\n  ]\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String name = request.arg("wallet_name").asString();
        WalletFlags flags = new WalletFlags(request.arg("disable_private_keys").asBool(), request.arg("blank").asBool(),
                request.arg("avoid_reuse").asBool());
        if (request.arg("external_signer").asBool()) {
            throw new RpcException(RpcErrorCode.WALLET_ERROR, "Compiled without external signing support (required for external signing)");
        }
        if (!request.arg("descriptors").asBool()) {
            throw new RpcException(RpcErrorCode.WALLET_ERROR, "descriptors argument must be set to \"true\"; it is no longer possible to create a legacy wallet.");
        }
        Optional<String> passphrase = request.arg("passphrase").isNull() ? Optional.empty() : Optional.of(request.arg("passphrase").asString());
        Optional<Boolean> onStartup = request.arg("load_on_startup").isNull() ? Optional.empty() : Optional.of(request.arg("load_on_startup").asBool());
        ArrayNode warnings = RpcJson.array();
        if (passphrase.isPresent() && passphrase.get().isEmpty()) {
            warnings.add("Empty string given as passphrase, wallet will not be encrypted.");
        }
        try {
            manager.create(name, flags, passphrase.map(String::toCharArray), onStartup);
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        }
        ObjectNode out = RpcJson.object();
        out.put("name", name);
        if (!warnings.isEmpty()) out.set("warnings", warnings);
        return out;
    }
}
