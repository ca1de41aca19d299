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

/** {@code preciousblock "blockhash"}: treat a block as if received before others of the same work. */
public final class PreciousBlockMethod implements RpcMethod {
    private final ChainManager chain;

    public PreciousBlockMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "preciousblock"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("blockhash", RpcParamType.STR_HEX, "the hash of the block to mark as precious"));
    }

    @Override
    public String description() {
        return "Treats a block as if it were received before others with the same work.\n\n"
                + "A later preciousblock call can override the effect of an earlier one.\n\n"
                + "The effects of preciousblock are not retained across restarts.";
    }

    @Override
    public String resultHelp() {
        return "null    (json null)";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"blockhash\"", "[\"blockhash\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Sha256Hash hash = request.arg("blockhash").asHash();
        if (chain.index(hash).isEmpty()) throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found");
        try {
            chain.preciousBlock(hash);
        } catch (ValidationException e) {
            throw new RpcException(RpcErrorCode.DATABASE_ERROR, e.getMessage());
        }
        return NullNode.getInstance();
    }
}
