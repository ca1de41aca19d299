package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.account.WalletDescriptor;
import dev.blocksmith.wallet.ledger.WalletCoin;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code listunspent ( minconf maxconf ["address",...] include_unsafe query_options )}. Immature coinbase
 * outputs are left out, as bitcoind's AvailableCoins does; "safe" is false for unconfirmed outputs from others.
 */
public final class ListUnspentMethod extends WalletMethod {
    public ListUnspentMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listunspent";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.withDefault("minconf", RpcParamType.NUM, 1, "The minimum confirmations to filter"),
                RpcParamSpec.withDefault("maxconf", RpcParamType.NUM, 9999999, "The maximum confirmations to filter"),
                RpcParamSpec.withDefault("addresses", RpcParamType.ARR, RpcJson.array(), "The bitcoin addresses to filter"),
                RpcParamSpec.withDefault("include_unsafe", RpcParamType.BOOL, true, "Include outputs that are not safe to spend"),
                RpcParamSpec.optional("query_options", RpcParamType.OBJ, "JSON with query options (minimumAmount, maximumAmount, maximumCount, minimumSumAmount)")
                        // bitcoind's OBJ_NAMED_PARAMS: the query keys may also be passed as named arguments.
                        .withNamedOptions(List.of(new RpcParamSpec.NamedOption("minimumAmount", RpcParamType.AMOUNT), new RpcParamSpec.NamedOption("maximumAmount", RpcParamType.AMOUNT),
                                new RpcParamSpec.NamedOption("maximumCount", RpcParamType.NUM), new RpcParamSpec.NamedOption("minimumSumAmount", RpcParamType.AMOUNT),
                                new RpcParamSpec.NamedOption("include_immature_coinbase", RpcParamType.BOOL))));
    }

    @Override
    public String description() {
        return "Returns array of unspent transaction outputs\nwith between minconf and maxconf (inclusive) confirmations.\nOptionally filter to only include txouts paid to specified addresses.";
    }

    @Override
    public String resultHelp() {
        return "[                                (json array)\n  {                              (json object)\n    \"txid\" : \"hex\",               (string) the transaction id\n    \"vout\" : n,                    (numeric) the vout value\n    \"address\" : \"str\",            (string, optional) the bitcoin address\n    \"scriptPubKey\" : \"str\",       (string) the output script\n    \"amount\" : n,                  (numeric) the transaction output amount in BTC\n    \"confirmations\" : n,           (numeric) The number of confirmations\n    \"spendable\" : true|false,      (boolean) Whether we have the private keys to spend this output\n    \"solvable\" : true|false,       (boolean) Whether we know how to spend this output, ignoring the lack of keys\n    \"desc\" : \"str\",               (string, optional) A descriptor for spending this output\n    \"parent_descs\" : [            (json array) List of parent descriptors for the output script of this coin.\n      \"str\",                      (string) The descriptor string.\n      ...\n    ],\n    \"safe\" : true|false            (boolean) Whether this output is considered safe to spend.\n  },\n  ...\n]";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        int minconf = request.arg("minconf").asInt();
        int maxconf = request.arg("maxconf").asInt();
        Set<Script> only = new HashSet<>();
        for (JsonNode a : request.arg("addresses").asArray()) {
            Script s = WalletRpc.destination(manager, a.asText());
            if (!only.add(s)) throw RpcException.invalidParameter("Invalid parameter, duplicated address: " + a.asText());
        }
        boolean includeUnsafe = request.arg("include_unsafe").asBool();
        long minAmount = 0;
        long maxAmount = Long.MAX_VALUE;
        long maxCount = Long.MAX_VALUE;
        boolean includeImmature = false;
        if (!request.arg("query_options").isNull()) {
            JsonNode q = request.arg("query_options").asObject();
            if (q.has("minimumAmount")) minAmount = new dev.blocksmith.rpc.methods.RpcParam("minimumAmount", q.get("minimumAmount")).asAmount().sats();
            if (q.has("maximumAmount")) maxAmount = new dev.blocksmith.rpc.methods.RpcParam("maximumAmount", q.get("maximumAmount")).asAmount().sats();
            if (q.has("maximumCount")) maxCount = q.get("maximumCount").asLong();
            if (maxCount == 0) maxCount = Long.MAX_VALUE;
            // bitcoind's CoinFilterParams::include_immature_coinbase.
            if (q.has("include_immature_coinbase")) includeImmature = q.get("include_immature_coinbase").asBoolean();
        }
        ArrayNode out = RpcJson.array();
        var used = w.usedAddresses();
        for (WalletCoin c : w.unspent()) {
            // Locked coins are not available to spend, so bitcoind's AvailableCoins leaves them out.
            if (w.isLockedCoin(c.outPoint())) continue;
            if ((!c.mature() && !includeImmature) || c.confirmations() < minconf || c.confirmations() > maxconf) continue;
            if (!includeUnsafe && !c.safe()) continue;
            Script spk = c.output().scriptPubKey();
            if (!only.isEmpty() && !only.contains(spk)) continue;
            long v = c.output().value();
            if (v < minAmount || v > maxAmount) continue;
            if (out.size() >= maxCount) break;
            ObjectNode o = out.addObject();
            o.put("txid", c.outPoint().txid().toHex());
            o.put("vout", c.outPoint().index());
            Address.fromScriptPubKey(spk, manager.params()).ifPresent(a -> o.put("address", a.encode()));
            w.addressBookEntry(spk).ifPresent(e -> o.put("label", e.label()));
            // bitcoind shows the scripts the solving provider knows for P2SH and P2WSH coins.
            w.keys().descriptor(c.location().descriptor()).map(wd -> wd.descriptor().forKind(c.location().kind())).ifPresent(d -> {
                d.redeemScript(c.location().index()).ifPresent(r -> o.put("redeemScript", Hex.encode(r.rawBytes())));
                d.witnessScript(c.location().index()).ifPresent(ws -> o.put("witnessScript", Hex.encode(ws.rawBytes())));
            });
            o.put("scriptPubKey", Hex.encode(spk.rawBytes()));
            o.set("amount", WalletRpc.amount(v));
            o.put("confirmations", c.confirmations());
            // bitcoind: an unconfirmed coin in the mempool shows its transaction's ancestry there.
            if (c.confirmations() == 0) {
                manager.broadcaster().ancestry(c.outPoint().txid()).ifPresent(a -> {
                    o.put("ancestorcount", a.count());
                    o.put("ancestorsize", a.vsize());
                    o.put("ancestorfees", a.fees());
                });
            }
            // Descriptor wallets report every coin of theirs spendable, watch-only ones included (Knots 29.4 shows the same);
            // addr() and raw() name a script bitcoind cannot solve.
            boolean solvable = w.keys().descriptor(c.location().descriptor())
                    .map(d -> !d.descriptor().forKind(c.location().kind()).keys().isEmpty()).orElse(false);
            o.put("spendable", true);
            o.put("solvable", solvable);
            w.keys().descriptor(c.location().descriptor())
                    .ifPresent(d -> o.put("desc", d.descriptor().forKind(c.location().kind()).inferredString(c.location().index())));
            o.set("parent_descs", WalletRpc.parentDescriptors(w, spk));
            if (w.flags().avoidReuse()) o.put("reused", used.contains(spk));
            o.put("safe", c.safe());
        }
        return out;
    }
}
