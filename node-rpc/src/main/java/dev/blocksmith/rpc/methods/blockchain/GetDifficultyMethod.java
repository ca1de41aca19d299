package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.JsonNumbers;

/** {@code getdifficulty}: the tip's difficulty as a multiple of the minimum difficulty. */
public final class GetDifficultyMethod implements RpcMethod {
    private final ChainManager chain;

    public GetDifficultyMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getdifficulty"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public String description() {
        return "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.";
    }

    @Override
    public String resultHelp() {
        return "n    (numeric) the proof-of-work difficulty as a multiple of the minimum difficulty.";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        return JsonNumbers.ofDouble(Difficulty.difficulty(chain.tip().index().header().bits()));
    }
}
