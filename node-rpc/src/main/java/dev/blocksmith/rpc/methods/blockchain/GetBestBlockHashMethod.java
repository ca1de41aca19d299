package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;

/** {@code getbestblockhash}: hash of the best chain's tip. */
public final class GetBestBlockHashMethod implements RpcMethod {
    private final ChainManager chain;

    public GetBestBlockHashMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getbestblockhash"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public String description() {
        return "Returns the hash of the best (tip) block in the most-work fully-validated chain.";
    }

    @Override
    public String resultHelp() {
        return "\"hex\"    (string) the block hash, hex-encoded";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        return TextNode.valueOf(chain.tip().hash().toHex());
    }
}
