package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lockunspent unlock ( [{"txid":"hex","vout":n},...] persistent )}: locks outputs against coin
 * selection (or unlocks them; without outputs, unlock releases all). Every output is checked before any is
 * changed, with bitcoind's messages.
 */
public final class LockUnspentMethod extends WalletMethod {
    public LockUnspentMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "lockunspent";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("unlock", RpcParamType.BOOL, "Whether to unlock (true) or lock (false) the specified transactions"),
                RpcParamSpec.withDefault("transactions", RpcParamType.ARR, RpcJson.array(), "The transaction outputs and within each, the txid (string) vout (numeric)."),
                RpcParamSpec.withDefault("persistent", RpcParamType.BOOL, false, "Whether to write/erase this lock in the wallet database, or keep the change in memory only. Ignored for unlocking."));
    }

    @Override
    public String description() {
        return "Updates list of temporarily unspendable outputs.\nTemporarily lock (unlock=false) or unlock (unlock=true) specified transaction outputs.\n"
                + "If no transaction outputs are specified when unlocking then all current locked transaction outputs are unlocked.\n"
                + "A locked transaction output will not be chosen by automatic coin selection, when spending bitcoins.";
    }

    @Override
    public String resultHelp() {
        return "true|false    (boolean) Whether the command was successful or not";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        boolean unlock = request.arg("unlock").asBool();
        boolean persistent = request.arg("persistent").asBool();
        try {
            if (request.arg("transactions").isNull()) {
                if (unlock) w.unlockAllCoins();
                return BooleanNode.TRUE;
            }
            List<OutPoint> outs = new ArrayList<>();
            for (JsonNode o : request.arg("transactions").asArray()) outs.add(outPoint(o));
            w.lockCoins(outs, unlock, persistent);
            return BooleanNode.TRUE;
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        } catch (WalletStoreException e) {
            throw WalletRpc.storeError(e);
        }
    }

    /** One {"txid","vout"} object, with RPCTypeCheckObj's and ParseHashO's errors. */
    static OutPoint outPoint(JsonNode o) throws RpcException {
        if (!o.isObject()) throw RpcException.typeError(JsonType.mismatchMessage(o, JsonType.OBJECT));
        for (String key : List.of("txid", "vout")) {
            if (!o.has(key)) throw RpcException.typeError("Missing " + key);
        }
        JsonType[] expected = {JsonType.STRING, JsonType.NUMBER};
        String[] keys = {"txid", "vout"};
        for (int i = 0; i < 2; i++) {
            if (JsonType.of(o.get(keys[i])) != expected[i]) {
                throw RpcException.typeError("JSON value of type " + JsonType.of(o.get(keys[i])).uniValueName() + " for field " + keys[i]
                        + " is not of expected type " + expected[i].uniValueName());
            }
        }
        var txid = new RpcParam("txid", o.get("txid")).asHash();
        int vout = new RpcParam("vout", o.get("vout")).asInt();
        if (vout < 0) throw RpcException.invalidParameter("Invalid parameter, vout cannot be negative");
        return new OutPoint(txid, vout);
    }
}
