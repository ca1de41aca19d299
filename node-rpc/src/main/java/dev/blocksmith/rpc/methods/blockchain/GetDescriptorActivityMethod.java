package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ScriptActivity;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.ScriptRender;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code getdescriptoractivity ["blockhash",...] [scanobjects,...] ( include_mempool )}: spends of and payments to
 * the scripts of some descriptors in given blocks of the best chain and the mempool (see {@link ScriptActivity});
 * pairs with scanblocks' relevant_blocks.
 */
public final class GetDescriptorActivityMethod implements RpcMethod {
    private final ChainManager chain;
    private final Optional<Mempool> mempool;

    public GetDescriptorActivityMethod(ChainManager chain, Optional<Mempool> mempool) {
        this.chain = chain;
        this.mempool = mempool;
    }

    @Override
    public String name() {
        return "getdescriptoractivity";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.BLOCKCHAIN;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("blockhashes", RpcParamType.ARR,
                        "The list of blockhashes to examine for activity. Order doesn't matter. Must be along main chain or an error is thrown."),
                RpcParamSpec.required("scanobjects", RpcParamType.ARR, "Array of scan objects. Every scan object is either a string descriptor or an object:"),
                RpcParamSpec.withDefault("include_mempool", RpcParamType.BOOL, true, "Whether to include unconfirmed activity"));
    }

    @Override
    public String description() {
        return "Get spend and receive activity associated with a set of descriptors for a set of blocks. This command pairs well with the "
                + "`relevant_blocks` output of `scanblocks()`.\nThis call may take several minutes. If you encounter timeouts, try "
                + "specifying no RPC timeout (bitcoin-cli -rpcclienttimeout=0)";
    }

    @Override
    public String resultHelp() {
        return """
                {                              (json object)
                  "activity" : [               (json array) events
                    {                          (json object)
                      "type" : "str",          (string) always 'spend'
                      "amount" : n,            (numeric) The total amount in BTC of the spent output
                      "blockhash" : "hex",     (string, optional) The blockhash this spend appears in (omitted if unconfirmed)
                      "height" : n,            (numeric, optional) Height of the spend (omitted if unconfirmed)
                      "spend_txid" : "hex",    (string) The txid of the spending transaction
                      "spend_vout" : n,        (numeric) The vout of the spend
                      "prevout_txid" : "hex",  (string) The txid of the prevout
                      "prevout_vout" : n,      (numeric) The vout of the prevout
                      "prevout_spk" : { ... }  (json object)
                    },
                    {                          (json object)
                      "type" : "str",          (string) always 'receive'
                      "amount" : n,            (numeric) The total amount in BTC of the new output
                      "blockhash" : "hex",     (string, optional) The block that this receive is in (omitted if unconfirmed)
                      "height" : n,            (numeric, optional) The height of the receive (omitted if unconfirmed)
                      "txid" : "hex",          (string) The txid of the receiving transaction
                      "vout" : n,              (numeric) The vout of the receiving output
                      "output_spk" : { ... }   (json object)
                    },
                    ...
                  ]
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("'[\"000000000000000000001347062c12fded7c528943c8ce133987e2e2f5a840ee\"]' '[\"addr(bc1qzl6nsgqzu89a66l50cvwapnkw5shh23zarqkw9)\"]'",
                "[[\"000000000000000000001347062c12fded7c528943c8ce133987e2e2f5a840ee\"], [\"addr(bc1qzl6nsgqzu89a66l50cvwapnkw5shh23zarqkw9)\"]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        List<BlockIndex> blocks = new ArrayList<>();
        for (JsonNode h : request.arg("blockhashes").asArray()) {
            BlockIndex index = chain.index(new RpcParam("blockhash", h).asHash())
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found"));
            if (!chain.isOnBestChain(index)) throw RpcException.invalidParameter("Block is not in main chain");
            blocks.add(index);
        }
        Set<Script> scripts = new HashSet<>();
        for (JsonNode obj : request.arg("scanobjects").asArray()) scripts.addAll(scripts(obj));
        boolean withMempool = request.arg("include_mempool").asBool();
        List<ScriptActivity.Event> events;
        try {
            events = ScriptActivity.find(chain, blocks, scripts, withMempool ? mempool : Optional.empty());
        } catch (IllegalStateException e) {
            throw new RpcException(RpcErrorCode.MISC_ERROR, e.getMessage());
        }
        ObjectNode out = RpcJson.object();
        ArrayNode activity = out.putArray("activity");
        for (ScriptActivity.Event e : events) activity.add(render(e));
        return out;
    }

    private ObjectNode render(ScriptActivity.Event event) {
        ObjectNode o = RpcJson.object();
        switch (event) {
            case ScriptActivity.Spend s -> {
                o.put("type", "spend");
                o.set("amount", RpcJson.amount(Amount.ofSats(s.spent().value())));
                placed(o, s);
                o.put("spend_txid", s.tx().txid().toHex());
                o.put("spend_vin", s.vin());
                o.put("prevout_txid", s.prevout().txid().toHex());
                o.put("prevout_vout", s.prevout().index());
                o.set("prevout_spk", ScriptRender.scriptPubKey(s.spent().scriptPubKey(), chain.params()));
            }
            case ScriptActivity.Receive r -> {
                o.put("type", "receive");
                o.set("amount", RpcJson.amount(Amount.ofSats(r.output().value())));
                placed(o, r);
                o.put("txid", r.tx().txid().toHex());
                o.put("vout", r.vout());
                o.set("output_spk", ScriptRender.scriptPubKey(r.output().scriptPubKey(), chain.params()));
            }
        }
        return o;
    }

    private static void placed(ObjectNode o, ScriptActivity.Event e) {
        e.block().ifPresent(b -> {
            o.put("blockhash", b.hash().toHex());
            o.put("height", b.height());
        });
    }

    /** bitcoind's EvalDescriptorStringOrObject (see {@link ScanObjects}). */
    private List<Script> scripts(JsonNode obj) throws RpcException {
        return ScanObjects.scripts(obj, chain.params());
    }
}
