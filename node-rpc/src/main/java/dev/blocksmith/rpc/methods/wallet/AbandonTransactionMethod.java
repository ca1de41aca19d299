package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;

/**
 * {@code abandontransaction "txid"}: gives up an unconfirmed wallet transaction that is not in the mempool
 * (such as one replaced by bumpfee) and its descendants, so their inputs can be spent again.
 */
public final class AbandonTransactionMethod extends WalletMethod {
    public AbandonTransactionMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "abandontransaction";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txid", RpcParamType.STR_HEX, "The transaction id"));
    }

    @Override
    public String description() {
        return "Mark in-wallet transaction <txid> as abandoned\nThis will mark this transaction and all its in-wallet descendants as abandoned which will allow\n"
                + "for their inputs to be respent.  It can be used to replace \"stuck\" or evicted transactions.\n"
                + "It only works on transactions which are not included in a block and are not currently in the mempool.\n"
                + "It has no effect on transactions which are already abandoned.";
    }

    @Override
    public String resultHelp() {
        return "null    (json null)";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        var txid = request.arg("txid").asHash();
        WalletRpc.run(() -> w.abandon(txid, manager.broadcaster()));
        return NullNode.getInstance();
    }
}
