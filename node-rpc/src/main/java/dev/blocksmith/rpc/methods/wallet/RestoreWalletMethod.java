package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.WalletManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code restorewallet "wallet_name" "backup_file" ( load_on_startup )}: loads what backupwallet wrote as a new wallet. */
public final class RestoreWalletMethod extends WalletMethod {
    public RestoreWalletMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "restorewallet";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("wallet_name", RpcParamType.STR, "The name that will be applied to the restored wallet"),
                RpcParamSpec.required("backup_file", RpcParamType.STR, "The backup file that will be used to restore the wallet."),
                RpcParamSpec.optional("load_on_startup", RpcParamType.BOOL, "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."));
    }

    @Override
    public String description() {
        return "Restores and loads a wallet from backup.\n\nThe rescan is significantly faster if block filters are available\n(using startup option \"-blockfilterindex=1\").";
    }

    @Override
    public String resultHelp() {
        return "{                       (json object)\n  \"name\" : \"str\",        (string) The wallet name if restored successfully.\n  \"warnings\" : [         (json array, optional) Warning messages, if any, related to restoring and loading the wallet.\n    \"str\",              (string)\n    ...\n  ]\n}";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"testwallet\" \"home\\backups\\backup-file.bak\"", "[\"testwallet\", \"home\\\\backups\\\\backup-file.bak\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String name = request.arg("wallet_name").asString();
        Path backup = Path.of(request.arg("backup_file").asString());
        Optional<Boolean> onStartup = request.arg("load_on_startup").isNull() ? Optional.empty() : Optional.of(request.arg("load_on_startup").asBool());
        WalletRpc.call(() -> manager.restore(name, backup, onStartup));
        ObjectNode out = RpcJson.object();
        out.put("name", name);
        return out;
    }
}
