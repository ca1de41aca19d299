package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStatus;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;

/** {@code getchaintips}: every known branch tip with its branch length and status. */
public final class GetChainTipsMethod implements RpcMethod {
    private final ChainManager chain;

    public GetChainTipsMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getchaintips"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public String description() {
        return "Return information about all known tips in the block tree, including the main chain as well as orphaned branches.";
    }

    @Override
    public String resultHelp() {
        return """
                [                        (json array)
                  {                      (json object)
                    "height" : n,        (numeric) height of the chain tip
                    "hash" : "hex",      (string) block hash of the tip
                    "branchlen" : n,     (numeric) zero for main chain, otherwise length of branch connecting the tip to the main chain
                    "status" : "str"     (string) status of the chain, "active" for the main chain
                                         Possible values for status:
                                         1.  "invalid"               This branch contains at least one invalid block
                                         2.  "headers-only"          Not all blocks for this branch are available, but the headers are valid
                                         3.  "valid-headers"         All blocks are available for this branch, but they were never fully validated
                                         4.  "valid-fork"            This branch is not part of the active chain, but is fully validated
                                         5.  "active"                This is the tip of the active main chain, which is certainly valid
                  },
                  ...
                ]""";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        ArrayNode out = RpcJson.array();
        for (BlockIndex tip : chain.chainTips()) {
            ObjectNode o = out.addObject();
            o.put("height", tip.height());
            o.put("hash", tip.hash().toHex());
            BlockIndex fork = tip;
            boolean allData = true;
            while (fork != null && !chain.isOnBestChain(fork)) {
                allData &= fork.haveData();
                fork = fork.prev();
            }
            o.put("branchlen", fork == null ? tip.height() + 1 : tip.height() - fork.height());
            o.put("status", status(tip, allData));
        }
        return out;
    }

    private String status(BlockIndex tip, boolean branchHasAllData) {
        if (chain.isOnBestChain(tip)) return "active";
        if (tip.isFailed()) return "invalid";
        if (!branchHasAllData) return "headers-only";
        if (tip.hasStatus(BlockStatus.VALID_SCRIPTS)) return "valid-fork";
        if (tip.hasStatus(BlockStatus.VALID_HEADER)) return "valid-headers";
        return "unknown";
    }
}
