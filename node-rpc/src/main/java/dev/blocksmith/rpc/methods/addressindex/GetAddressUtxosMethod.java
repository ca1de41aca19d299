package dev.blocksmith.rpc.methods.addressindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.index.AddressIndex;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code getaddressutxos {"addresses": [...], "chainInfo": bool}}: unspent outputs of addresses,
 * oldest first, amounts in satoshis (addressindex).
 */
public final class GetAddressUtxosMethod implements RpcMethod {
    private final ChainManager chain;

    public GetAddressUtxosMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getaddressutxos"; }
    @Override public RpcCategory category() { return RpcCategory.ADDRESSINDEX; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("addresses", RpcParamType.ANY,
                "An address, or a json object {\"addresses\": [\"address\",...], \"chainInfo\": bool}"));
    }

    @Override
    public String description() {
        return "Returns all unspent outputs for one or more addresses (requires -addressindex).";
    }

    @Override
    public String resultHelp() {
        return """
                [
                  {
                    "address" : "str",     (string) The address
                    "txid" : "hex",        (string) The output txid
                    "outputIndex" : n,     (numeric) The output index
                    "script" : "hex",      (string) The script hex-encoded
                    "satoshis" : n,        (numeric) The number of satoshis of the output
                    "height" : n           (numeric) The block height
                  },
                  ...
                ]
                With "chainInfo": true, an object {"utxos": [...], "hash": "hex", "height": n}.""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        List<Address> addresses = AddressQuery.addresses(request.arg("addresses"), chain.params());
        boolean chainInfo = request.arg("addresses").json().path("chainInfo").asBoolean(false);
        AddressIndex index = AddressQuery.index(chain);
        ChainTip tip = chain.tip();
        record Row(Address address, AddressIndex.Utxo utxo) {}
        List<Row> rows = new ArrayList<>();
        for (Address a : addresses) {
            for (AddressIndex.Utxo u : index.utxos(a.toScriptPubKey())) rows.add(new Row(a, u));
        }
        rows.sort(Comparator.comparingInt(r -> r.utxo().coin().height()));
        ArrayNode utxos = RpcJson.array();
        for (Row r : rows) {
            ObjectNode o = utxos.addObject();
            o.put("address", r.address().encode());
            o.put("txid", r.utxo().outPoint().txid().toHex());
            o.put("outputIndex", r.utxo().outPoint().index());
            o.put("script", r.utxo().coin().output().scriptPubKey().toHex());
            o.put("satoshis", r.utxo().coin().output().value());
            o.put("height", r.utxo().coin().height());
        }
        if (!chainInfo) return utxos;
        ObjectNode out = RpcJson.object();
        out.set("utxos", utxos);
        out.put("hash", tip.hash().toHex());
        out.put("height", tip.height());
        return out;
    }
}
