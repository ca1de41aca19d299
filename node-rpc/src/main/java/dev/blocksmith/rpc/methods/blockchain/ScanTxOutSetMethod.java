package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code scantxoutset "action" ( [scanobjects,...] )}: finds the unspent outputs paying to
 * descriptors by scanning the whole UTXO set. One scan at a time; {@code status} reports its
 * progress and {@code abort} stops it. The scan objects expand as {@link ScanObjects} describes (combo(),
 * ranges, multipath keys).
 */
public final class ScanTxOutSetMethod implements RpcMethod {
    private final ChainManager chain;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean abortRequested = new AtomicBoolean();
    private final AtomicInteger progress = new AtomicInteger();

    public ScanTxOutSetMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "scantxoutset"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("action", RpcParamType.STR, "The action to execute\n"
                        + "\"start\" for starting a scan\n\"abort\" for aborting the current scan (returns true when abort was successful)\n"
                        + "\"status\" for progress report (in %) of the current scan"),
                RpcParamSpec.optional("scanobjects", RpcParamType.ARR,
                        "Array of scan objects. Required for \"start\" action\n"
                                + "Every scan object is either a string descriptor or an object {\"desc\": \"descriptor\"}"));
    }

    @Override
    public String description() {
        return """
                Scans the unspent transaction output set for entries that match certain output descriptors.
                Examples of output descriptors are:
                    addr(<address>)                      Outputs whose output script corresponds to the specified address (does not include P2PK)
                    raw(<hex script>)                    Outputs whose output script equals the specified hex-encoded bytes
                    combo(<pubkey>)                      P2PK, P2PKH, P2WPKH, and P2SH-P2WPKH outputs for the given pubkey
                    pkh(<pubkey>)                        P2PKH outputs for the given pubkey
                    sh(wpkh(<pubkey>))                   P2SH-P2WPKH outputs for the given pubkey
                    wpkh(<pubkey>)                       P2WPKH outputs for the given pubkey
                    tr(<pubkey>)                         P2TR outputs for the given pubkey""";
    }

    @Override
    public String resultHelp() {
        return """
                Result (when action=='start'; only returns after scan completes):
                {                                (json object)
                  "success" : true|false,        (boolean) Whether the scan was completed
                  "txouts" : n,                  (numeric) The number of unspent transaction outputs scanned
                  "height" : n,                  (numeric) The block height at which the scan was done
                  "bestblock" : "hex",           (string) The hash of the block at the tip of the chain
                  "unspents" : [                 (json array)
                    {                            (json object)
                      "txid" : "hex",            (string) The transaction id
                      "vout" : n,                (numeric) The vout value
                      "scriptPubKey" : "hex",    (string) The output script
                      "desc" : "str",            (string) A specialized descriptor for the matched output script
                      "amount" : n,              (numeric) The total amount in BTC of the unspent output
                      "coinbase" : true|false,   (boolean) Whether this is a coinbase output
                      "height" : n,              (numeric) Height of the unspent transaction output
                      "blockhash" : "hex",       (string) Blockhash of the unspent transaction output
                      "confirmations" : n        (numeric) Number of confirmations of the unspent transaction output when the scan was done
                    },
                    ...
                  ],
                  "total_amount" : n             (numeric) The total amount of all found unspent outputs in BTC
                }

                Result (when action=='abort'):
                true|false    (boolean) True if scan will be aborted (not necessarily before this RPC returns), or false if there is no scan to abort

                Result (when action=='status' and a scan is currently in progress):
                {                    (json object)
                  "progress" : n     (numeric) Approximate percent complete
                }

                Result (when action=='status' and no scan is in progress - possibly already completed):
                null    (json null)""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String action = request.arg("action").asString();
        switch (action) {
            case "status" -> {
                if (!running.get()) return NullNode.getInstance();
                return RpcJson.object().put("progress", progress.get());
            }
            case "abort" -> {
                if (!running.get()) return BooleanNode.FALSE;
                abortRequested.set(true);
                return BooleanNode.TRUE;
            }
            case "start" -> {
                if (request.arg("scanobjects").isNull()) {
                    throw RpcException.misc("scanobjects argument is required for the start action");
                }
                // Parse before reserving, so a bad descriptor never blocks the next scan.
                Map<Script, String> needles = ScanObjects.expand(request.arg("scanobjects").asArray(), chain.params());
                if (!running.compareAndSet(false, true)) {
                    throw RpcException.invalidParameter("Scan already in progress, use action \"abort\" or \"status\"");
                }
                try {
                    abortRequested.set(false);
                    progress.set(0);
                    return start(needles);
                } finally {
                    running.set(false);
                }
            }
            default -> throw RpcException.invalidParameter("Invalid action '" + action + "'");
        }
    }

    private JsonNode start(Map<Script, String> needles) throws RpcException {
        record Found(OutPoint outPoint, Coin coin) {}
        List<Found> found = new ArrayList<>();
        long[] count = new long[1];
        boolean[] aborted = new boolean[1];
        UtxoSetScan.Pass pass = new UtxoSetScan.Pass() {
            @Override
            public void reset() {
                found.clear();
                count[0] = 0;
                aborted[0] = false;
            }

            @Override
            public boolean test(OutPoint op, Coin coin) {
                count[0]++;
                if (count[0] % 256 == 0) {
                    // bitcoind's estimate: how far the first two txid bytes are through their range.
                    byte[] txid = op.txid().bytes();
                    int high = (txid[0] & 0xff) * 0x100 + (txid[1] & 0xff);
                    progress.set((int) (high * 100.0 / 65536.0 + 0.5));
                }
                if (count[0] % 8192 == 0 && abortRequested.get()) {
                    aborted[0] = true;
                    return false;
                }
                if (needles.containsKey(coin.output().scriptPubKey())) found.add(new Found(op, coin));
                return true;
            }
        };
        ChainTip tip = UtxoSetScan.run(chain, pass);
        ObjectNode result = RpcJson.object();
        result.put("success", !aborted[0]);
        result.put("txouts", count[0]);
        result.put("height", tip.height());
        result.put("bestblock", tip.hash().toHex());
        ArrayNode unspents = result.putArray("unspents");
        long total = 0;
        for (Found f : found) {
            ObjectNode u = unspents.addObject();
            u.put("txid", f.outPoint().txid().toHex());
            u.put("vout", f.outPoint().index());
            u.put("scriptPubKey", f.coin().output().scriptPubKey().toHex());
            u.put("desc", needles.get(f.coin().output().scriptPubKey()));
            u.set("amount", RpcJson.amount(Amount.ofSats(f.coin().output().value())));
            u.put("coinbase", f.coin().coinbase());
            u.put("height", f.coin().height());
            u.put("blockhash", tip.index().ancestor(f.coin().height()).hash().toHex());
            u.put("confirmations", tip.height() - f.coin().height() + 1);
            total += f.coin().output().value();
        }
        result.set("total_amount", RpcJson.amount(Amount.ofSats(total)));
        return result;
    }
}
