package dev.blocksmith.rpc.methods.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.core.index.BlockBatchIndex;
import dev.blocksmith.core.index.ChainIndex;
import dev.blocksmith.core.index.Indexes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code getindexinfo ( "index_name" )}: the optional indexes of bitcoind that this node keeps, with
 * how far they are synced, in bitcoind's order: {@code txindex} first ({@link BlockBatchIndex}: written in
 * the same batch as the block its entries belong to, so always synced to the tip; bitcoind has no address
 * index, so ours is not listed), then the indexes beside the chain ({@link ChainIndex}), which report their
 * own progress.
 */
public final class GetIndexInfoMethod implements RpcMethod {
    private final ChainManager chain;
    private final Indexes indexes;

    public GetIndexInfoMethod(ChainManager chain, Indexes indexes) {
        this.chain = chain;
        this.indexes = indexes;
    }

    @Override public String name() { return "getindexinfo"; }
    @Override public RpcCategory category() { return RpcCategory.UTIL; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.optional("index_name", RpcParamType.STR, "Filter results for an index with a specific name."));
    }

    @Override
    public String description() {
        return "Returns the status of one or all available indices currently running in the node.";
    }

    @Override
    public String resultHelp() {
        return """
                {                               (json object)
                  "name" : {                    (json object) The name of the index
                    "synced" : true|false,      (boolean) Whether the index is synced or not
                    "best_block_height" : n     (numeric) The block height to which the index is synced
                  },
                  ...
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("", "[]"), new HelpExample("txindex", "[\"txindex\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String filter = request.arg("index_name").isNull() ? "" : request.arg("index_name").asString();
        List<ChainIndex.IndexSummary> all = new ArrayList<>();
        int tipHeight = chain.tip().height();
        for (BlockBatchIndex index : chain.batchIndexes()) index.summary(tipHeight).ifPresent(all::add);
        for (ChainIndex index : indexes.all()) all.add(index.summary());
        ObjectNode out = RpcJson.object();
        for (ChainIndex.IndexSummary s : all) {
            if (!filter.isEmpty() && !filter.equals(s.name())) continue;
            ObjectNode o = out.putObject(s.name());
            o.put("synced", s.synced());
            // bitcoind reports 0 before an index holds any block.
            o.put("best_block_height", Math.max(0, s.bestHeight()));
        }
        return out;
    }
}
