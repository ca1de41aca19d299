package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code verifychain ( checklevel nblocks )}: re-checks the last blocks of the chain database. */
public final class VerifyChainMethod implements RpcMethod {
    private final ChainManager chain;

    public VerifyChainMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "verifychain"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.withDefault("checklevel", RpcParamType.NUM, ChainManager.DEFAULT_CHECK_LEVEL,
                        "How thorough the block verification is:\n"
                                + "- level 0 reads the blocks from disk\n"
                                + "- level 1 verifies block validity\n"
                                + "- level 2 verifies undo data\n"
                                + "- level 3 checks disconnection of tip blocks\n"
                                + "- level 4 tries to reconnect the blocks\n"
                                + "- each level includes the checks of the previous levels")
                        .shownAs(ChainManager.DEFAULT_CHECK_LEVEL + ", range=0-4"),
                RpcParamSpec.withDefault("nblocks", RpcParamType.NUM, ChainManager.DEFAULT_CHECK_BLOCKS,
                        "The number of blocks to check.").shownAs(ChainManager.DEFAULT_CHECK_BLOCKS + ", 0=all"));
    }

    @Override
    public String description() {
        return "Verifies blockchain database.";
    }

    @Override
    public String resultHelp() {
        return "true|false    (boolean) Verification finished successfully. If false, check debug.log for reason.";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        int level = request.arg("checklevel").asInt();
        int blocks = request.arg("nblocks").asInt();
        return BooleanNode.valueOf(chain.verifyChain(level, blocks));
    }
}
