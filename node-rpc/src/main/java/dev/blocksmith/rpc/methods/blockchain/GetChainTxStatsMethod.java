package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code getchaintxstats ( nblocks "blockhash" )}: transaction count and rate over a window of the
 * best chain. The cumulative transaction count of a block (Core's m_chain_tx_count) is summed from the
 * block index's per-block counts; it is unknown (0, and omitted) while an ancestor's data is missing.
 */
public final class GetChainTxStatsMethod implements RpcMethod {
    /** The default window: one month of blocks at the target spacing. */
    private static final long ONE_MONTH = 30L * 24 * 60 * 60;

    private final ChainManager chain;

    public GetChainTxStatsMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getchaintxstats"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.withHint("nblocks", RpcParamType.NUM, "one month", "Size of the window in number of blocks"),
                RpcParamSpec.withHint("blockhash", RpcParamType.STR_HEX, "chain tip", "The hash of the block that ends the window."));
    }

    @Override
    public String description() {
        return "Compute statistics about the total number and rate of transactions in the chain.";
    }

    @Override
    public String resultHelp() {
        return """
                {                                       (json object)
                  "time" : xxx,                         (numeric) The timestamp for the final block in the window, expressed in UNIX epoch time
                  "txcount" : n,                        (numeric, optional) The total number of transactions in the chain up to that point, if known. It may be unknown when using assumeutxo.
                  "window_final_block_hash" : "hex",    (string) The hash of the final block in the window
                  "window_final_block_height" : n,      (numeric) The height of the final block in the window.
                  "window_block_count" : n,             (numeric) Size of the window in number of blocks
                  "window_interval" : n,                (numeric, optional) The elapsed time in the window in seconds. Only returned if "window_block_count" is > 0
                  "window_tx_count" : n,                (numeric, optional) The number of transactions in the window. Only returned if "window_block_count" is > 0 and if txcount exists for the start and end of the window.
                  "txrate" : n                          (numeric, optional) The average rate of transactions per second in the window. Only returned if "window_interval" is > 0 and if window_tx_count exists.
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("", "[]"), new HelpExample("2016", "[2016]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        BlockIndex end;
        if (request.arg("blockhash").isNull()) {
            end = chain.tip().index();
        } else {
            end = ChainLookups.index(chain, request.arg("blockhash"));
            if (!chain.isOnBestChain(end)) throw RpcException.invalidParameter("Block is not in main chain");
        }
        int blockCount = (int) (ONE_MONTH / chain.params().targetSpacing());
        if (request.arg("nblocks").isNull()) {
            blockCount = Math.max(0, Math.min(blockCount, end.height() - 1));
        } else {
            blockCount = request.arg("nblocks").asInt();
            if (blockCount < 0 || (blockCount > 0 && blockCount >= end.height())) {
                throw new RpcException(RpcErrorCode.INVALID_PARAMETER, "Invalid block count: should be between 0 and the block's height - 1");
            }
        }
        BlockIndex start = end.ancestor(end.height() - blockCount);
        long interval = end.medianTimePast() - start.medianTimePast();
        long endCount = end.chainTxCount();
        long startCount = start.chainTxCount();

        ObjectNode o = RpcJson.object();
        o.put("time", end.time());
        if (endCount != 0) o.put("txcount", endCount);
        o.put("window_final_block_hash", end.hash().toHex());
        o.put("window_final_block_height", end.height());
        o.put("window_block_count", blockCount);
        if (blockCount > 0) {
            o.put("window_interval", interval);
            if (endCount != 0 && startCount != 0) {
                long windowTxCount = endCount - startCount;
                o.put("window_tx_count", windowTxCount);
                if (interval > 0) o.put("txrate", (double) windowTxCount / interval);
            }
        }
        return o;
    }
}
