package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code waitforblockheight height ( timeout )}: waits until the tip is at least that high. */
public final class WaitForBlockHeightMethod implements RpcMethod {
    private final TipWaiter waiter;

    public WaitForBlockHeightMethod(TipWaiter waiter) {
        this.waiter = waiter;
    }

    @Override public String name() { return "waitforblockheight"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("height", RpcParamType.NUM, "Block height to wait for."),
                RpcParamSpec.withDefault("timeout", RpcParamType.NUM, 0, "Time in milliseconds to wait for a response. 0 indicates no timeout."));
    }

    @Override
    public String description() {
        return "Waits for (at least) block height and returns the height and hash\n"
                + "of the current tip.\n\n"
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
    public List<HelpExample> examples() {
        return List.of(new HelpExample("100 1000", "[100, 1000]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        int height = request.arg("height").asInt();
        long timeout = TipWaiter.timeoutMillis(request.arg("timeout"));
        return TipWaiter.result(waiter.await(tip -> tip.height() >= height, timeout));
    }
}
