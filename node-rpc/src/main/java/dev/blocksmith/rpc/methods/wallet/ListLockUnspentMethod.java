package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;

/** {@code listlockunspent}: the outputs locked with lockunspent (or fundrawtransaction's lockUnspents). */
public final class ListLockUnspentMethod extends WalletMethod {
    public ListLockUnspentMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listlockunspent";
    }

    @Override
    public String description() {
        return "Returns list of temporarily unspendable outputs.\nSee the lockunspent call to lock and unlock transactions for spending.";
    }

    @Override
    public String resultHelp() {
        return "[                      (json array)\n  {                    (json object)\n    \"txid\" : \"hex\",     (string) The transaction id locked\n    \"vout\" : n          (numeric) The vout value\n  },\n  ...\n]";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ArrayNode out = RpcJson.array();
        for (OutPoint op : w.lockedCoins()) {
            ObjectNode o = out.addObject();
            o.put("txid", op.txid().toHex());
            o.put("vout", op.index());
        }
        return out;
    }
}
