package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.chain.UtxoSetStatistics;
import dev.blocksmith.core.chain.UtxoStats;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code gettxoutsetinfo ( "hash_type" hash_or_height use_index )}: statistics of the current UTXO
 * set from a full scan, with bitcoind's hash_serialized_3 (double SHA-256 over every coin as
 * outpoint, height*2+coinbase, output, in outpoint order) or muhash (the MuHash3072 of the same
 * coins). There is no coin statistics index, so other heights are refused as bitcoind refuses them
 * without that index.
 */
public final class GetTxOutSetInfoMethod implements RpcMethod {
    private final ChainManager chain;

    public GetTxOutSetInfoMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "gettxoutsetinfo"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.withDefaultText("hash_type", RpcParamType.STR, "hash_serialized_3",
                        "Which UTXO set hash should be calculated. Options: 'hash_serialized_3' (the legacy algorithm), 'muhash', 'none'."),
                RpcParamSpec.withHint("hash_or_height", RpcParamType.ANY, "the current best block",
                        "The block hash or height of the target height (only available with coinstatsindex)."),
                RpcParamSpec.withDefault("use_index", RpcParamType.BOOL, true, "Use coinstatsindex, if available."));
    }

    @Override
    public String description() {
        return "Returns statistics about the unspent transaction output set.\nNote this call may take some time if you are not using coinstatsindex.";
    }

    @Override
    public String resultHelp() {
        return """
                {                                     (json object)
                  "height" : n,                       (numeric) The block height (index) of the returned statistics
                  "bestblock" : "hex",                (string) The hash of the block at which these statistics are calculated
                  "txouts" : n,                       (numeric) The number of unspent transaction outputs
                  "bogosize" : n,                     (numeric) Database-independent, meaningless metric indicating the UTXO set size
                  "hash_serialized_3" : "hex",        (string, optional) The serialized hash (only present if 'hash_serialized_3' hash_type is chosen)
                  "muhash" : "hex",                   (string, optional) The serialized hash (only present if 'muhash' hash_type is chosen)
                  "transactions" : n,                 (numeric, optional) The number of transactions with unspent outputs (not available when coinstatsindex is used)
                  "disk_size" : n,                    (numeric, optional) The estimated size of the chainstate on disk (not available when coinstatsindex is used)
                  "total_amount" : n                  (numeric) The total amount of coins in the UTXO set
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String hashTypeName = request.arg("hash_type").asString();
        UtxoSetStatistics.HashType hashType = UtxoSetStatistics.HashType.byRpcName(hashTypeName)
                .orElseThrow(() -> RpcException.invalidParameter("'" + hashTypeName + "' is not a valid hash_type"));
        if (request.arg("hash_or_height").isPresent()) {
            throw RpcException.invalidParameter("Querying specific block heights requires coinstatsindex");
        }
        request.arg("use_index").asBool();

        UtxoSetStatistics[] stats = new UtxoSetStatistics[1];
        ChainTip tip = UtxoSetScan.run(chain, new UtxoSetScan.Pass() {
            @Override
            public void reset() {
                stats[0] = new UtxoSetStatistics(hashType);
            }

            @Override
            public boolean test(OutPoint op, Coin coin) {
                return stats[0].visit(op, coin);
            }
        });
        UtxoStats result = stats[0].result(tip);

        ObjectNode out = RpcJson.object();
        out.put("height", result.height());
        out.put("bestblock", result.bestBlock().toHex());
        out.put("txouts", result.txouts());
        out.put("bogosize", result.bogoSize());
        result.hash().ifPresent(h -> out.put(hashType.rpcName(), h.toHex()));
        out.set("total_amount", RpcJson.amount(Amount.ofSats(result.totalAmount())));
        out.put("transactions", result.transactions());
        out.put("disk_size", chain.db().store().approximateSizeBytes(StoreSegment.COINS));
        return out;
    }
}
