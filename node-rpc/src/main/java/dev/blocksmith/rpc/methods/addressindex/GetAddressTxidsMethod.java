package dev.blocksmith.rpc.methods.addressindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.index.AddressIndex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code getaddresstxids {"addresses": [...], "start": h, "end": h}}: txids touching addresses,
 * by height, each once (addressindex). The range applies only when both start and end are given.
 */
public final class GetAddressTxidsMethod implements RpcMethod {
    private final ChainManager chain;

    public GetAddressTxidsMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getaddresstxids"; }
    @Override public RpcCategory category() { return RpcCategory.ADDRESSINDEX; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("addresses", RpcParamType.ANY,
                "An address, or a json object {\"addresses\": [\"address\",...], \"start\": n, \"end\": n}"));
    }

    @Override
    public String description() {
        return "Returns the txids for one or more addresses (requires -addressindex).";
    }

    @Override
    public String resultHelp() {
        return "[\n  \"transactionid\"  (string) The transaction id\n  ,...\n]";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        List<Address> addresses = AddressQuery.addresses(request.arg("addresses"), chain.params());
        JsonNode query = request.arg("addresses").json();
        int start = query.path("start").asInt(0);
        int end = query.path("end").asInt(0);
        boolean ranged = start > 0 && end > 0;
        if (ranged && end < start) {
            throw RpcException.invalidParameter("End value is expected to be greater than start");
        }
        AddressIndex index = AddressQuery.index(chain);
        record Entry(int height, Sha256Hash txid) {}
        List<Entry> entries = new ArrayList<>();
        for (Address a : addresses) {
            index.scanHistory(a.toScriptPubKey(), e -> {
                if (!ranged || (e.height() >= start && e.height() <= end)) entries.add(new Entry(e.height(), e.txid()));
            });
        }
        entries.sort((x, y) -> Integer.compare(x.height(), y.height()));
        Set<Sha256Hash> seen = new LinkedHashSet<>();
        for (Entry e : entries) seen.add(e.txid());
        ArrayNode out = RpcJson.array();
        seen.forEach(t -> out.add(t.toHex()));
        return out;
    }
}
