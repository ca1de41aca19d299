package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code invalidateblock "blockhash"} and {@code reconsiderblock "blockhash"} (bitcoind's hidden
 * test/operator methods): mark a block invalid and move the tip off it, or undo that.
 */
public final class InvalidateBlockMethod implements RpcMethod {
    private final ChainManager chain;
    private final boolean reconsider;

    private InvalidateBlockMethod(ChainManager chain, boolean reconsider) {
        this.chain = chain;
        this.reconsider = reconsider;
    }

    public static InvalidateBlockMethod invalidate(ChainManager chain) {
        return new InvalidateBlockMethod(chain, false);
    }

    public static InvalidateBlockMethod reconsider(ChainManager chain) {
        return new InvalidateBlockMethod(chain, true);
    }

    @Override
    public String name() {
        return reconsider ? "reconsiderblock" : "invalidateblock";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.BLOCKCHAIN;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("blockhash", RpcParamType.STR_HEX,
                reconsider ? "the hash of the block to reconsider" : "the hash of the block to mark as invalid"));
    }

    @Override
    public String description() {
        return reconsider
                ? "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\nThis can be used to undo the effects of invalidateblock."
                : "Permanently marks a block as invalid, as if it violated a consensus rule.";
    }

    @Override
    public String resultHelp() {
        return "null    (json null)";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Sha256Hash hash = request.arg("blockhash").asHash();
        if (chain.index(hash).isEmpty()) throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found");
        try {
            if (reconsider) chain.reconsiderBlock(hash);
            else chain.invalidateBlock(hash);
        } catch (ValidationException e) {
            throw new RpcException(RpcErrorCode.DATABASE_ERROR, e.getMessage());
        }
        return NullNode.getInstance();
    }
}
