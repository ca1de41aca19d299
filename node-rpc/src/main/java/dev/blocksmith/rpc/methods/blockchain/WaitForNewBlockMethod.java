package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code waitfornewblock ( timeout "current_tip" )}: waits for the tip to differ from the given or current one. */
public final class WaitForNewBlockMethod implements RpcMethod {
    private final ChainManager chain;
    private final TipWaiter waiter;

    public WaitForNewBlockMethod(ChainManager chain, TipWaiter waiter) {
        this.chain = chain;
        this.waiter = waiter;
    }

    @Override public String name() { return "waitfornewblock"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.withDefault("timeout", RpcParamType.NUM, 0, "Time in milliseconds to wait for a response. 0 indicates no timeout."),
                RpcParamSpec.optional("current_tip", RpcParamType.STR_HEX, "Method waits for the chain tip to differ from this."));
    }

    @Override
    public String description() {
        return "Waits for any new block and returns useful info about it.\n\n"
                + "Returns the current block on timeout or exit.\n\n"
                + "Make sure to use no RPC timeout (bitcoin-cli -rpcclienttimeout=0)";
    }

    @Override
    public String resultHelp() {
        return """
                {                       (json object)
                  "hash" : "hex",       (string) The blockhash
                  "height" : n          (numeric) Block height
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        long timeout = TipWaiter.timeoutMillis(request.arg("timeout"));
        // Without current_tip, wait for a change from the tip as it is now; an unknown current_tip
        // differs from the tip already, so the current tip comes back at once.
        Sha256Hash from = request.arg("current_tip").isNull() ? chain.tip().hash() : request.arg("current_tip").asHash();
        return TipWaiter.result(waiter.await(tip -> !tip.hash().equals(from), timeout));
    }
}
