package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getblockhash height}: hash of the best-chain block at a height. */
public final class GetBlockHashMethod implements RpcMethod {
    private final ChainManager chain;

    public GetBlockHashMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getblockhash"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("height", RpcParamType.NUM, "The height index"));
    }

    @Override
    public String description() {
        return "Returns hash of block in best-block-chain at height provided.";
    }

    @Override
    public String resultHelp() {
        return "\"hex\"    (string) The block hash";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("1000", "[1000]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        int height = request.arg("height").asInt();
        BlockIndex tip = chain.tip().index();
        if (height < 0 || height > tip.height()) {
            throw RpcException.invalidParameter("Block height out of range");
        }
        // The ancestor of the tip snapshot, so a reorg in between cannot give a height mismatch.
        return TextNode.valueOf(tip.ancestor(height).hash().toHex());
    }
}
