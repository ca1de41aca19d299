package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockAcceptance;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code submitblock "hexdata"}: BIP22 results — null when the block was accepted, else
 * {@code duplicate}, {@code duplicate-invalid}, {@code inconclusive} or the reject reason.
 */
public final class SubmitBlockMethod implements RpcMethod {
    private final MiningContext ctx;

    public SubmitBlockMethod(MiningContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "submitblock";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.MINING;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("hexdata", RpcParamType.STR_HEX, "the hex-encoded block data to submit"),
                RpcParamSpec.withDefault("dummy", RpcParamType.STR, "ignored", "dummy value, for compatibility with BIP22. This value is ignored."));
    }

    @Override
    public String description() {
        return "Attempts to submit new block to network.\nSee https://en.bitcoin.it/wiki/BIP_0022 for full specification.";
    }

    @Override
    public String resultHelp() {
        return "null    (json null) When the block was accepted\n  or\n\"str\"    (string) According to BIP22";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Block block;
        try {
            // bitcoind's DecodeHexBlk reads one block and ignores what follows it; the block's own checks
            // (proof of work first) then judge it, so even a block without transactions gets "high-hash".
            block = Block.read(new dev.blocksmith.core.primitives.ByteReader(request.param(0).asHexBytes()));
        } catch (SerializationException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "Block decode failed");
        }
        // bitcoind fills in the coinbase's witness reserved value when the block commits to witnesses
        // without one and segwit is active for it (p2p_segwit's test_submit_block).
        boolean segwitActive = ctx.chain().index(block.header().prevHash())
                .map(prev -> prev.height() + 1 >= ctx.chain().params().deployments().segwitHeight()).orElse(false);
        if (segwitActive) block = block.withDefaultWitnessReservedValue();
        try {
            BlockAcceptance r = ctx.chain().processBlock(block);
            return switch (r) {
                case CONNECTED -> NullNode.getInstance();
                case DUPLICATE -> TextNode.valueOf("duplicate");
                case STORED, IGNORED -> TextNode.valueOf("inconclusive");
            };
        } catch (ValidationException e) {
            return TextNode.valueOf(e.reason());
        }
    }
}
