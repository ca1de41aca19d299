package dev.blocksmith.rpc.methods.addressindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.index.AddressIndex;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getaddressbalance {"addresses": [...]}}: balance and total received in satoshis (addressindex). */
public final class GetAddressBalanceMethod implements RpcMethod {
    private final ChainManager chain;

    public GetAddressBalanceMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getaddressbalance"; }
    @Override public RpcCategory category() { return RpcCategory.ADDRESSINDEX; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("addresses", RpcParamType.ANY,
                "An address, or a json object {\"addresses\": [\"address\",...]}"));
    }

    @Override
    public String description() {
        return "Returns the balance for one or more addresses (requires -addressindex).";
    }

    @Override
    public String resultHelp() {
        return """
                {
                  "balance" : n,     (numeric) The current balance in satoshis
                  "received" : n     (numeric) The total number of satoshis received (including change)
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("'{\"addresses\": [\"12c6DSiU4Rq3P4ZxziKxzrL5LmMBrzjrJX\"]}'",
                "[{\"addresses\": [\"12c6DSiU4Rq3P4ZxziKxzrL5LmMBrzjrJX\"]}]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        List<Address> addresses = AddressQuery.addresses(request.arg("addresses"), chain.params());
        AddressIndex index = AddressQuery.index(chain);
        long balance = 0;
        long received = 0;
        for (Address a : addresses) {
            AddressIndex.Balance b = index.balance(a.toScriptPubKey());
            balance += b.balance();
            received += b.received();
        }
        ObjectNode out = RpcJson.object();
        out.put("balance", balance);
        out.put("received", received);
        return out;
    }
}
