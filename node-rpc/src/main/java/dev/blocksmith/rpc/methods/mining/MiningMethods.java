package dev.blocksmith.rpc.methods.mining;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.rpc.methods.MethodRegistry;

/** Registers the mining and generating methods. */
public final class MiningMethods {
    private MiningMethods() {
    }

    public static void register(MethodRegistry registry, MiningContext ctx, Amount blockMinTxFeePerKvB) {
        registry.register(new GetBlockTemplateMethod(ctx))
                .register(new SubmitBlockMethod(ctx))
                .register(new SubmitHeaderMethod(ctx))
                .register(new GetMiningInfoMethod(ctx, blockMinTxFeePerKvB))
                .register(new GetNetworkHashPsMethod(ctx))
                .register(new GenerateToAddressMethod(ctx.chain().params(), ctx.generator()))
                .register(new GenerateToDescriptorMethod(ctx))
                .register(new GenerateBlockMethod(ctx))
                .register(new GenerateMethod());
    }
}
