package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code submitheader "hexdata"}: adds a header to the block tree if it is valid. */
public final class SubmitHeaderMethod implements RpcMethod {
    private final MiningContext ctx;

    public SubmitHeaderMethod(MiningContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "submitheader";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.MINING;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("hexdata", RpcParamType.STR_HEX, "the hex-encoded block header data"));
    }

    @Override
    public String description() {
        return "Decode the given hexdata as a header and submit it as a candidate chain tip if valid.\nThrows when the header is invalid.";
    }

    @Override
    public String resultHelp() {
        return "null    (json null) None";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        BlockHeader header = decodeHeader(request.arg("hexdata").asString());
        if (ctx.chain().index(header.prevHash()).isEmpty()) {
            throw new RpcException(RpcErrorCode.VERIFY_ERROR, "Must submit previous header (" + header.prevHash() + ") first");
        }
        try {
            ctx.chain().processHeader(header);
        } catch (ValidationException e) {
            throw new RpcException(RpcErrorCode.VERIFY_ERROR, e.reason());
        }
        return NullNode.getInstance();
    }

    /**
     * bitcoind's DecodeHexBlockHeader: the hex must be hex and hold at least a header; a header is read
     * from its first 80 bytes and anything after (a whole block, say) is ignored.
     */
    static BlockHeader decodeHeader(String hex) throws RpcException {
        boolean isHex = !hex.isEmpty() && hex.length() % 2 == 0
                && hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
        if (!isHex || hex.length() < 2 * BlockHeader.SIZE) {
            throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "Block header decode failed");
        }
        return BlockHeader.parse(Hex.decode(hex.substring(0, 2 * BlockHeader.SIZE)));
    }
}
