package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.WalletManager;
import java.io.IOException;

/** {@code listwalletdir}: the wallets found in the wallets directory, loaded or not. */
public final class ListWalletDirMethod extends WalletMethod {
    /** bitcoind's warning on an entry that is a legacy (Berkeley DB) wallet. */
    static final String LEGACY_WARNING =
            "This wallet is a legacy wallet and will need to be migrated with migratewallet before it can be loaded";

    public ListWalletDirMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listwalletdir";
    }

    @Override
    public String description() {
        return "Returns a list of wallets in the wallet directory.";
    }

    @Override
    public String resultHelp() {
        return "{                        (json object)\n  \"wallets\" : [          (json array)\n    {                    (json object)\n      \"name\" : \"str\",    (string) The wallet name\n      \"warnings\" : [     (json array, optional) Warning messages, if any, related to loading the wallet.\n        \"str\",           (string)\n        ...\n      ]\n    },\n    ...\n  ]\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        ArrayNode wallets = RpcJson.array();
        try {
            for (String n : manager.walletDirNames()) {
                ObjectNode entry = wallets.addObject().put("name", n);
                ArrayNode warnings = entry.putArray("warnings");
                if (manager.isLegacyBdbWallet(n)) warnings.add(LEGACY_WARNING);
            }
        } catch (IOException e) {
            throw new RpcException(RpcErrorCode.WALLET_ERROR, "Cannot read the wallets directory: " + e.getMessage());
        }
        ObjectNode out = RpcJson.object();
        out.set("wallets", wallets);
        return out;
    }
}
