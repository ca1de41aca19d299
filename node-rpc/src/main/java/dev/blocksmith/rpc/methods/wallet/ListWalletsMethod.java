package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.WalletManager;

/** {@code listwallets}: names of the loaded wallets. */
public final class ListWalletsMethod extends WalletMethod {
    public ListWalletsMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listwallets";
    }

    @Override
    public String description() {
        return "Returns a list of currently loaded wallets.\nFor full information on the wallet, use \"getwalletinfo\"";
    }

    @Override
    public String resultHelp() {
        return "[           (json array)\n  \"str\",    (string) the wallet name\n  ...\n]";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        ArrayNode out = RpcJson.array();
        manager.loadedNames().forEach(out::add);
        return out;
    }
}
