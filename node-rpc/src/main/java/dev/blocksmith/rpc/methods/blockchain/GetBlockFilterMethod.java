package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStatus;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.index.BlockFilterIndex;
import dev.blocksmith.core.index.Indexes;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.FilterRender;
import java.util.List;

/** {@code getblockfilter "blockhash" ( "filtertype" )}: a block's BIP158 filter and BIP157 header from -blockfilterindex. */
public final class GetBlockFilterMethod implements RpcMethod {
    private final ChainManager chain;
    private final Indexes indexes;

    public GetBlockFilterMethod(ChainManager chain, Indexes indexes) {
        this.chain = chain;
        this.indexes = indexes;
    }

    @Override public String name() { return "getblockfilter"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("blockhash", RpcParamType.STR_HEX, "The hash of the block"),
                RpcParamSpec.withDefault("filtertype", RpcParamType.STR, "\"basic\"", "The type name of the filter"));
    }

    @Override
    public String description() {
        return "Retrieve a BIP 157 content filter for a particular block.";
    }

    @Override
    public String resultHelp() {
        return """
                {                 (json object)
                  "filter" : "hex",    (string) the hex-encoded filter data
                  "header" : "hex"     (string) the hex-encoded filter header
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        String h = "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\"";
        return List.of(new HelpExample(h + " \"basic\"", h + ", \"basic\""));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Sha256Hash hash = request.param(0).asHash();
        String typeName = request.param(1).asStringOr("basic");
        BlockFilterType type = BlockFilterType.byName(typeName)
                .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Unknown filtertype"));
        BlockFilterIndex index = indexes.blockFilter(type)
                .orElseThrow(() -> RpcException.misc("Index is not enabled for filtertype " + typeName));
        BlockIndex block = chain.index(hash)
                .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found"));
        boolean wasConnected = block.hasStatus(BlockStatus.VALID_SCRIPTS);
        boolean ready = index.awaitSyncedToTip();
        BlockFilterIndex.Entry entry = index.entry(hash).orElseThrow(() -> {
            if (!wasConnected) {
                return new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Filter not found. Block was not connected to active chain.");
            }
            if (!ready) return RpcException.misc("Filter not found. Block filters are still in the process of being indexed.");
            return new RpcException(RpcErrorCode.INTERNAL_ERROR,
                    "Filter not found. This error is unexpected and indicates index corruption.");
        });
        return FilterRender.filterWithHeader(entry);
    }
}
