package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code waitforblock "blockhash" ( timeout )}: waits until the given block is the tip. */
public final class WaitForBlockMethod implements RpcMethod {
    private final TipWaiter waiter;

    public WaitForBlockMethod(TipWaiter waiter) {
        this.waiter = waiter;
    }

    @Override public String name() { return "waitforblock"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("blockhash", RpcParamType.STR_HEX, "Block hash to wait for."),
                RpcParamSpec.withDefault("timeout", RpcParamType.NUM, 0, "Time in milliseconds to wait for a response. 0 indicates no timeout."));
    }

    @Override
    public String description() {
        return "Waits for a specific new block and returns useful info about it.\n\n"
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
        return List.of(new HelpExample("\"0000000000079f8ef3d2c688c244eb7a4570b24c9ed7b4a8c619eb02596f8862\" 1000",
                "[\"0000000000079f8ef3d2c688c244eb7a4570b24c9ed7b4a8c619eb02596f8862\", 1000]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Sha256Hash hash = request.arg("blockhash").asHash();
        long timeout = TipWaiter.timeoutMillis(request.arg("timeout"));
        return TipWaiter.result(waiter.await(tip -> tip.hash().equals(hash), timeout));
    }
}
