package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;

/** {@code getblockcount}: height of the most-work fully-validated chain. */
public final class GetBlockCountMethod implements RpcMethod {
    private final ChainManager chain;

    public GetBlockCountMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getblockcount"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public String description() {
        return "Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.";
    }

    @Override
    public String resultHelp() {
        return "n    (numeric) The current block count";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        return IntNode.valueOf(chain.tip().height());
    }
}
