package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.WalletManager;

/** {@code abortrescan}: stops the wallet's running rescan at its next block; false when none runs. */
public final class AbortRescanMethod extends WalletMethod {
    public AbortRescanMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "abortrescan";
    }

    @Override
    public String description() {
        return "Stops current wallet rescan triggered by an RPC call, e.g. by a rescanblockchain call.\n"
                + "Note: Use \"getwalletinfo\" to query the scanning progress.";
    }

    @Override
    public String resultHelp() {
        return "true|false    (boolean) Whether the abort was successful";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        return BooleanNode.valueOf(WalletRpc.wallet(manager, request).abortRescan());
    }
}
