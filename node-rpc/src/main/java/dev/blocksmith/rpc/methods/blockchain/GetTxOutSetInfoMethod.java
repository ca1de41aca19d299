package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * {@code gettxoutsetinfo ( "hash_type" hash_or_height use_index )}: statistics of the current UTXO
 * set from a full scan, with bitcoind's hash_serialized_3 (double SHA-256 over every coin as
 * outpoint, height*2+coinbase, output, in outpoint order). There is no coin statistics index, so
 * other heights and muhash are refused as bitcoind refuses them without that index.
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
                RpcParamSpec.withDefault("hash_type", RpcParamType.STR, "hash_serialized_3",
                        "Which UTXO set hash should be calculated. Options: 'hash_serialized_3' (the legacy algorithm), 'muhash', 'none'."),
                RpcParamSpec.optional("hash_or_height", RpcParamType.ANY,
                        "The block hash or height of the target height (only available with coinstatsindex)."),
                RpcParamSpec.withDefault("use_index", RpcParamType.BOOL, "true", "Use coinstatsindex, if available."));
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
                  "transactions" : n,                 (numeric, optional) The number of transactions with unspent outputs (not available when coinstatsindex is used)
                  "total_amount" : n                  (numeric) The total amount of coins in the UTXO set
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String hashType = request.param(0).asStringOr("hash_serialized_3");
        if (!hashType.equals("hash_serialized_3") && !hashType.equals("muhash") && !hashType.equals("none")) {
            throw RpcException.invalidParameter("'" + hashType + "' is not a valid hash_type");
        }
        if (request.param(1).isPresent()) {
            throw RpcException.invalidParameter("Querying specific block heights requires coinstatsindex");
        }
        request.param(2).asBoolOr(true);
        if (hashType.equals("muhash")) {
            throw RpcException.invalidParameter("muhash requires coinstatsindex, which this node does not have");
        }
        boolean withHash = hashType.equals("hash_serialized_3");

        Stats stats = new Stats(withHash);
        ChainTip tip = UtxoSetScan.run(chain, stats);

        ObjectNode out = RpcJson.object();
        out.put("height", tip.height());
        out.put("bestblock", tip.hash().toHex());
        out.put("txouts", stats.txouts);
        out.put("bogosize", stats.bogosize);
        if (withHash) out.put("hash_serialized_3", stats.hash().toHex());
        out.set("total_amount", RpcJson.amount(Amount.ofSats(stats.total)));
        out.put("transactions", stats.transactions);
        return out;
    }

    /** Accumulates the figures and the serialized hash during one scan. */
    private static final class Stats implements UtxoSetScan.Pass {
        private final boolean withHash;
        private MessageDigest sha;
        long txouts;
        long transactions;
        long bogosize;
        long total;
        private Sha256Hash lastTxid;

        Stats(boolean withHash) {
            this.withHash = withHash;
        }

        @Override
        public void reset() {
            txouts = transactions = bogosize = total = 0;
            lastTxid = null;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean test(OutPoint op, Coin coin) {
            txouts++;
            total += coin.output().value();
            // bitcoind's bogosize: 32 (txid) + 4 (vout) + 4 (height and coinbase) + 8 (amount) + 2 + script.
            bogosize += 50 + coin.output().scriptPubKey().length();
            if (!op.txid().equals(lastTxid)) {
                transactions++;
                lastTxid = op.txid();
            }
            if (withHash) {
                // Coins come in outpoint order (txid bytes, then vout), the order bitcoind hashes them in.
                ByteWriter w = new ByteWriter(64 + coin.output().scriptPubKey().length());
                op.write(w);
                w.u32le(((long) coin.height() << 1 | (coin.coinbase() ? 1 : 0)) & 0xffffffffL);
                coin.output().write(w);
                sha.update(w.toByteArray());
            }
            return true;
        }

        Sha256Hash hash() {
            try {
                byte[] first = sha.digest();
                return Sha256Hash.wrapOwned(MessageDigest.getInstance("SHA-256").digest(first));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
