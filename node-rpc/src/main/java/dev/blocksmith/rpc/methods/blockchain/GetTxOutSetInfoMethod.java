package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.chain.UtxoSetStatistics;
import dev.blocksmith.core.chain.UtxoStats;
import dev.blocksmith.core.index.CoinStats;
import dev.blocksmith.core.index.CoinStatsIndex;
import dev.blocksmith.core.index.Indexes;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Optional;

/**
 * {@code gettxoutsetinfo ( "hash_type" hash_or_height use_index )}: statistics of the UTXO set. With
 * {@code -coinstatsindex} and hash_type muhash or none (and use_index not false) they come from the index, for the
 * tip or any block, with the index's unspendable totals and block_info; otherwise from a full scan of the current
 * set, with bitcoind's hash_serialized_3 (double SHA-256 over every coin as outpoint, height*2+coinbase, output, in
 * outpoint order) or muhash (the MuHash3072 of the same coins). Argument checks and errors in bitcoind's order.
 */
public final class GetTxOutSetInfoMethod implements RpcMethod {
    private final ChainManager chain;
    private final Optional<CoinStatsIndex> index;

    public GetTxOutSetInfoMethod(ChainManager chain) {
        this(chain, Indexes.NONE);
    }

    public GetTxOutSetInfoMethod(ChainManager chain, Indexes indexes) {
        this.chain = chain;
        this.index = indexes.coinStats();
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
                  "total_amount" : n,                 (numeric) The total amount of coins in the UTXO set
                  "total_unspendable_amount" : n,     (numeric, optional) The total amount of coins permanently excluded from the UTXO set (only available if coinstatsindex is used)
                  "block_info" : {                    (json object, optional) Info on amounts in the block at this block height (only available if coinstatsindex is used)
                    "prevout_spent" : n,              (numeric) Total amount of all prevouts spent in this block
                    "coinbase" : n,                   (numeric) Coinbase subsidy amount of this block
                    "new_outputs_ex_coinbase" : n,    (numeric) Total amount of new outputs created by this block
                    "unspendable" : n,                (numeric) Total amount of unspendable outputs created in this block
                    "unspendables" : {                (json object) Detailed view of the unspendable categories
                      "genesis_block" : n,            (numeric) The unspendable amount of the Genesis block subsidy
                      "bip30" : n,                    (numeric) Transactions overridden by duplicates (no longer possible with BIP30)
                      "scripts" : n,                  (numeric) Amounts sent to scripts that are unspendable (for example OP_RETURN outputs)
                      "unclaimed_rewards" : n         (numeric) Fee rewards that miners did not claim in their coinbase transaction
                    }
                  }
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String hashTypeName = request.arg("hash_type").asString();
        UtxoSetStatistics.HashType hashType = UtxoSetStatistics.HashType.byRpcName(hashTypeName)
                .orElseThrow(() -> RpcException.invalidParameter("'" + hashTypeName + "' is not a valid hash_type"));
        boolean indexRequested = request.arg("use_index").asBool();
        BlockIndex target = chain.tip().index();
        if (request.arg("hash_or_height").isPresent()) {
            if (index.isEmpty()) throw RpcException.invalidParameter("Querying specific block heights requires coinstatsindex");
            if (hashType == UtxoSetStatistics.HashType.HASH_SERIALIZED_3) {
                throw RpcException.invalidParameter("hash_serialized_3 hash type cannot be queried for a specific block");
            }
            if (!indexRequested) {
                throw RpcException.invalidParameter("Cannot set use_index to false when querying for a specific block");
            }
            target = ChainLookups.hashOrHeight(chain, request.arg("hash_or_height"));
        }
        if (indexRequested && index.isPresent() && !index.get().awaitSyncedToTip()) {
            int indexed = Math.max(0, index.get().summary().bestHeight());
            // A block the index has already passed can be answered while it catches up (bitcoind does the same).
            if (target.height() > indexed) {
                throw new RpcException(RpcErrorCode.INTERNAL_ERROR,
                        "Unable to get data because coinstatsindex is still syncing. Current height: " + indexed);
            }
        }
        if (indexRequested && index.isPresent() && hashType != UtxoSetStatistics.HashType.HASH_SERIALIZED_3) {
            return fromIndex(index.get(), target, hashType);
        }
        return fromScan(hashType);
    }

    private JsonNode fromIndex(CoinStatsIndex index, BlockIndex target, UtxoSetStatistics.HashType hashType) throws RpcException {
        CoinStats stats = index.stats(target.hash()).orElseThrow(() -> unableToRead());
        ObjectNode out = RpcJson.object();
        out.put("height", target.height());
        out.put("bestblock", target.hash().toHex());
        out.put("txouts", stats.txouts());
        out.put("bogosize", stats.bogoSize());
        if (hashType == UtxoSetStatistics.HashType.MUHASH) out.put("muhash", stats.muhash().toHex());
        out.set("total_amount", amount(stats.totalAmount()));
        out.set("total_unspendable_amount", amount(stats.totalUnspendable()));
        CoinStats.BlockFlows flows = stats.block();
        ObjectNode blockInfo = out.putObject("block_info");
        blockInfo.set("prevout_spent", amount(flows.prevoutSpent()));
        blockInfo.set("coinbase", amount(flows.coinbase()));
        blockInfo.set("new_outputs_ex_coinbase", amount(flows.newOutputsExCoinbase()));
        blockInfo.set("unspendable", amount(flows.unspendable()));
        ObjectNode unspendables = blockInfo.putObject("unspendables");
        unspendables.set("genesis_block", amount(flows.unspendableGenesis()));
        unspendables.set("bip30", amount(flows.unspendableBip30()));
        unspendables.set("scripts", amount(flows.unspendableScripts()));
        unspendables.set("unclaimed_rewards", amount(flows.unspendableUnclaimed()));
        return out;
    }

    private static RpcException unableToRead() {
        return new RpcException(RpcErrorCode.INTERNAL_ERROR, "Unable to read UTXO set");
    }

    private static JsonNode amount(long sats) {
        return RpcJson.amount(Amount.ofSats(sats));
    }

    private JsonNode fromScan(UtxoSetStatistics.HashType hashType) throws RpcException {
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
        out.set("total_amount", amount(result.totalAmount()));
        out.put("transactions", result.transactions());
        out.put("disk_size", chain.db().store().approximateSizeBytes(StoreSegment.COINS));
        return out;
    }
}
