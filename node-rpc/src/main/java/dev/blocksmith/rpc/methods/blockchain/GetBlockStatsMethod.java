package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code getblockstats hash_or_height ( stats )}: per-block statistics, every one of bitcoind's fields
 * or the selected ones (returned in name order, as bitcoind's std::set gives them).
 */
public final class GetBlockStatsMethod implements RpcMethod {
    private final ChainManager chain;

    public GetBlockStatsMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getblockstats"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("hash_or_height", RpcParamType.ANY, "The block hash or height of the target block"),
                RpcParamSpec.withHint("stats", RpcParamType.ARR, "all values", "Values to plot (see result below)").inSynopsisAs("stats"));
    }

    @Override
    public String description() {
        return "Compute per block statistics for a given window. All amounts are in satoshis.\n"
                + "It won't work for some heights with pruning.";
    }

    @Override
    public String resultHelp() {
        return """
                {                              (json object)
                  "avgfee" : n,                (numeric, optional) Average fee in the block
                  "avgfeerate" : n,            (numeric, optional) Average feerate (in satoshis per virtual byte)
                  "avgtxsize" : n,             (numeric, optional) Average transaction size
                  "blockhash" : "hex",         (string, optional) The block hash (to check for potential reorgs)
                  "feerate_percentiles" : [    (json array, optional) Feerates at the 10th, 25th, 50th, 75th, and 90th percentile weight unit (in satoshis per virtual byte)
                    n,                         (numeric) The 10th percentile feerate
                    n,                         (numeric) The 25th percentile feerate
                    n,                         (numeric) The 50th percentile feerate
                    n,                         (numeric) The 75th percentile feerate
                    n                          (numeric) The 90th percentile feerate
                  ],
                  "height" : n,                (numeric, optional) The height of the block
                  "ins" : n,                   (numeric, optional) The number of inputs (excluding coinbase)
                  "maxfee" : n,                (numeric, optional) Maximum fee in the block
                  "maxfeerate" : n,            (numeric, optional) Maximum feerate (in satoshis per virtual byte)
                  "maxtxsize" : n,             (numeric, optional) Maximum transaction size
                  "medianfee" : n,             (numeric, optional) Truncated median fee in the block
                  "mediantime" : n,            (numeric, optional) The block median time past
                  "mediantxsize" : n,          (numeric, optional) Truncated median transaction size
                  "minfee" : n,                (numeric, optional) Minimum fee in the block
                  "minfeerate" : n,            (numeric, optional) Minimum feerate (in satoshis per virtual byte)
                  "mintxsize" : n,             (numeric, optional) Minimum transaction size
                  "outs" : n,                  (numeric, optional) The number of outputs
                  "subsidy" : n,               (numeric, optional) The block subsidy
                  "swtotal_size" : n,          (numeric, optional) Total size of all segwit transactions
                  "swtotal_weight" : n,        (numeric, optional) Total weight of all segwit transactions
                  "swtxs" : n,                 (numeric, optional) The number of segwit transactions
                  "time" : n,                  (numeric, optional) The block time
                  "total_out" : n,             (numeric, optional) Total amount in all outputs (excluding coinbase and thus reward [ie subsidy + totalfee])
                  "total_size" : n,            (numeric, optional) Total size of all non-coinbase transactions
                  "total_weight" : n,          (numeric, optional) Total weight of all non-coinbase transactions
                  "totalfee" : n,              (numeric, optional) The fee total
                  "txs" : n,                   (numeric, optional) The number of transactions (including coinbase)
                  "utxo_increase" : n,         (numeric, optional) The increase/decrease in the number of unspent outputs (not discounting op_return and similar)
                  "utxo_size_inc" : n,         (numeric, optional) The increase/decrease in size for the utxo index (not discounting op_return and similar)
                  "utxo_increase_actual" : n,  (numeric, optional) The increase/decrease in the number of unspent outputs, not counting unspendables
                  "utxo_size_inc_actual" : n   (numeric, optional) The increase/decrease in size for the utxo index, not counting unspendables
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(
                new HelpExample("'\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\"' '[\"minfeerate\",\"avgfeerate\"]'",
                        "[\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\", [\"minfeerate\",\"avgfeerate\"]]"),
                new HelpExample("1000 '[\"minfeerate\",\"avgfeerate\"]'", "[1000, [\"minfeerate\",\"avgfeerate\"]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        BlockIndex index = ChainLookups.hashOrHeight(chain, request.arg("hash_or_height"));
        TreeSet<String> selected = new TreeSet<>();
        RpcParam statsParam = request.arg("stats");
        if (!statsParam.isNull()) {
            for (JsonNode s : statsParam.asArray()) {
                if (!s.isTextual()) throw new RpcException(RpcErrorCode.TYPE_ERROR, "JSON value of type " + typeName(s) + " is not of expected type string");
                selected.add(s.textValue());
            }
        }
        Block block = ChainLookups.block(chain, index);
        BlockUndo undo = ChainLookups.undo(chain, index);
        BlockStats s = BlockStats.compute(block, undo, index.height() == 0, ChainManager.isBip30Exception(index));
        ObjectNode all = render(s, index);
        if (selected.isEmpty()) return all;
        ObjectNode out = RpcJson.object();
        for (String stat : selected) {
            JsonNode v = all.get(stat);
            if (v == null) throw RpcException.invalidParameter("Invalid selected statistic '" + stat + "'");
            out.set(stat, v);
        }
        return out;
    }

    private static String typeName(JsonNode n) {
        if (n.isNumber()) return "number";
        if (n.isBoolean()) return "bool";
        if (n.isArray()) return "array";
        if (n.isObject()) return "object";
        return "null";
    }

    private ObjectNode render(BlockStats s, BlockIndex index) {
        ObjectNode o = RpcJson.object();
        o.put("avgfee", s.avgFee());
        o.put("avgfeerate", s.avgFeeRate());
        o.put("avgtxsize", s.avgTxSize());
        o.put("blockhash", index.hash().toHex());
        ArrayNode percentiles = o.putArray("feerate_percentiles");
        for (long p : s.feeRatePercentiles()) percentiles.add(p);
        o.put("height", index.height());
        o.put("ins", s.ins());
        o.put("maxfee", s.maxFee());
        o.put("maxfeerate", s.maxFeeRate());
        o.put("maxtxsize", s.maxTxSize());
        o.put("medianfee", s.medianFee());
        o.put("mediantime", index.medianTimePast());
        o.put("mediantxsize", s.medianTxSize());
        o.put("minfee", s.minFee());
        o.put("minfeerate", s.minFeeRate());
        o.put("mintxsize", s.minTxSize());
        o.put("outs", s.outs());
        o.put("subsidy", Subsidy.at(index.height(), chain.params()));
        o.put("swtotal_size", s.swTotalSize());
        o.put("swtotal_weight", s.swTotalWeight());
        o.put("swtxs", s.swTxs());
        o.put("time", index.time());
        o.put("total_out", s.totalOut());
        o.put("total_size", s.totalSize());
        o.put("total_weight", s.totalWeight());
        o.put("totalfee", s.totalFee());
        o.put("txs", s.txs());
        o.put("utxo_increase", s.utxoIncrease());
        o.put("utxo_size_inc", s.utxoSizeInc());
        o.put("utxo_increase_actual", s.utxoIncreaseActual());
        o.put("utxo_size_inc_actual", s.utxoSizeIncActual());
        return o;
    }
}
