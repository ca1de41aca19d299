package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.ScriptRender;
import java.util.List;
import java.util.Optional;

/**
 * {@code gettxout "txid" n ( include_mempool )}: an unspent output of the chain's UTXO set, or null.
 * With include_mempool (the default) the UTXO set is seen through the mempool: an output spent by a
 * mempool transaction is not returned, and an output of a mempool transaction is, with 0 confirmations.
 */
public final class GetTxOutMethod implements RpcMethod {
    private final ChainManager chain;
    private final Optional<Mempool> mempool;

    /** Without a mempool include_mempool has nothing to add: only confirmed outputs are reported. */
    public GetTxOutMethod(ChainManager chain) {
        this(chain, Optional.empty());
    }

    public GetTxOutMethod(ChainManager chain, Optional<Mempool> mempool) {
        this.chain = chain;
        this.mempool = mempool;
    }

    @Override public String name() { return "gettxout"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txid", RpcParamType.STR_HEX, "The transaction id"),
                RpcParamSpec.required("n", RpcParamType.NUM, "vout number"),
                RpcParamSpec.withDefault("include_mempool", RpcParamType.BOOL, true,
                        "Whether to include the mempool. Note that an unspent output that is spent in the mempool won't appear."));
    }

    @Override
    public String description() {
        return "Returns details about an unspent transaction output.";
    }

    @Override
    public String resultHelp() {
        return """
                Result (If the UTXO was not found)
                null    (json null)

                Result (Otherwise):
                {                             (json object)
                  "bestblock" : "hex",        (string) The hash of the block at the tip of the chain
                  "confirmations" : n,        (numeric) The number of confirmations
                  "value" : n,                (numeric) The transaction value in BTC
                  "scriptPubKey" : {          (json object)
                    "asm" : "str",            (string) Disassembly of the output script
                    "desc" : "str",           (string) Inferred descriptor for the output
                    "hex" : "hex",            (string) The raw output script bytes, hex-encoded
                    "type" : "str",           (string) The type, eg pubkeyhash
                    "address" : "str"         (string, optional) The Bitcoin address (only if a well-defined address exists)
                  },
                  "coinbase" : true|false     (boolean) Coinbase or not
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Sha256Hash txid = request.arg("txid").asHash();
        long n = request.arg("n").asLong();
        if (n < 0 || n > 0xffffffffL) {
            // bitcoind reads n as uint32; anything outside does not parse.
            throw new RpcException(RpcErrorCode.MISC_ERROR, "JSON integer out of range");
        }
        boolean includeMempool = request.arg("include_mempool").asBool();
        ChainTip tip = chain.tip();
        OutPoint outPoint = new OutPoint(txid, n);
        Optional<Coin> coin = includeMempool && mempool.isPresent()
                ? mempool.get().utxoView().coin(outPoint) : chain.coin(outPoint);
        if (coin.isEmpty()) return NullNode.getInstance();
        ObjectNode out = RpcJson.object();
        out.put("bestblock", tip.hash().toHex());
        boolean unconfirmed = coin.get().height() == Mempool.MEMPOOL_HEIGHT;
        out.put("confirmations", unconfirmed ? 0 : tip.height() - coin.get().height() + 1);
        out.set("value", RpcJson.amount(Amount.ofSats(coin.get().output().value())));
        out.set("scriptPubKey", ScriptRender.scriptPubKey(coin.get().output().scriptPubKey(), chain.params()));
        out.put("coinbase", coin.get().coinbase());
        return out;
    }
}
