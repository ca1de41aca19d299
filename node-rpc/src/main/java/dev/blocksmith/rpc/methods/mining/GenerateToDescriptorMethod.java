package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code generatetodescriptor num_blocks "descriptor" ( maxtries )}. */
public final class GenerateToDescriptorMethod implements RpcMethod {
    private final MiningContext ctx;

    public GenerateToDescriptorMethod(MiningContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "generatetodescriptor";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.GENERATING;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("num_blocks", RpcParamType.NUM, "How many blocks are generated."),
                RpcParamSpec.required("descriptor", RpcParamType.STR, "The descriptor to send the newly generated bitcoin to."),
                RpcParamSpec.withDefault("maxtries", RpcParamType.NUM, GenerateToAddressMethod.DEFAULT_MAX_TRIES, "How many iterations to try."));
    }

    @Override
    public String description() {
        return "Mine to a specified descriptor and return the block hashes.";
    }

    @Override
    public String resultHelp() {
        return "[           (json array) hashes of blocks generated\n  \"hex\",    (string) blockhash\n  ...\n]";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        int n = request.arg("num_blocks").asInt();
        var script = PayoutScripts.fromDescriptor(request.arg("descriptor").asString(), ctx.chain().params());
        return GenerateToAddressMethod.generate(ctx.generator(), script, n, request.arg("maxtries").asLong());
    }
}
