package dev.blocksmith.rpc.methods.blockchain;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.methods.MethodRegistry;

/** Registers the chain statistics and checking methods: verifychain, getblockstats, getchaintxstats. */
public final class ChainStatsMethods {
    private ChainStatsMethods() {}

    public static void register(MethodRegistry registry, ChainManager chain) {
        registry.register(new VerifyChainMethod(chain))
                .register(new GetBlockStatsMethod(chain))
                .register(new GetChainTxStatsMethod(chain));
    }
}
