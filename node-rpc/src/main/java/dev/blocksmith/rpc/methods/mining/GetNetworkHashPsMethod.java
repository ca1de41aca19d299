package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.JsonNumbers;
import java.util.List;

/** {@code getnetworkhashps ( nblocks height )}. */
public final class GetNetworkHashPsMethod implements RpcMethod {
    private final MiningContext ctx;

    public GetNetworkHashPsMethod(MiningContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "getnetworkhashps";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.MINING;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.withDefault("nblocks", RpcParamType.NUM, 120, "The number of previous blocks to calculate estimate from, or -1 for blocks since last difficulty change."),
                RpcParamSpec.withDefault("height", RpcParamType.NUM, -1, "To estimate at the time of the given height."));
    }

    @Override
    public String description() {
        return "Returns the estimated network hashes per second based on the last n blocks.\n"
                + "Pass in [blocks] to override # of blocks, -1 specifies since last difficulty change.\n"
                + "Pass in [height] to estimate the network speed at the time when a certain block was found.";
    }

    @Override
    public String resultHelp() {
        return "x             (numeric) Hashes per second estimated";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        int nblocks = request.arg("nblocks").asInt();
        int height = request.arg("height").asInt();
        BlockIndex tip = ctx.chain().tip().index();
        // bitcoind's GetNetworkHashPS checks, in its order and texts.
        if (height < -1 || height > tip.height()) {
            throw new RpcException(RpcErrorCode.INVALID_PARAMETER, "Block does not exist at specified height");
        }
        if (nblocks < -1 || nblocks == 0) {
            throw new RpcException(RpcErrorCode.INVALID_PARAMETER, "Invalid nblocks. Must be a positive number or -1.");
        }
        if (height >= 0) tip = tip.ancestor(height);
        return JsonNumbers.ofDouble(NetworkHashRate.estimate(tip, nblocks, ctx.chain().params().retargetInterval()));
    }
}
