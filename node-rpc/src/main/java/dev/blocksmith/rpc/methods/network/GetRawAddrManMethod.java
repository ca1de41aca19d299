package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.addr.AddressManager;
import dev.blocksmith.p2p.addr.KnownAddress;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.Comparator;
import java.util.List;

/** {@code getrawaddrman}: bitcoind's hidden test RPC listing both address-manager tables by "bucket/position". */
public final class GetRawAddrManMethod extends NetworkMethod {
    public GetRawAddrManMethod(P2PNetwork network) {
        super(network, "getrawaddrman", "EXPERIMENTAL warning: this call may be changed in future releases.\n\nReturns information on all address manager entries for the new and tried tables.",
                "{ \"table\" : { \"bucket/position\" : { \"address\" : \"str\", \"port\" : n, \"services\" : n, \"time\" : xxx, \"network\" : \"str\", \"source\" : \"str\", \"source_network\" : \"str\" }, ... }, ... }",
                List.of());
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        ObjectNode out = RpcJson.object();
        ObjectNode fresh = out.putObject("new");
        ObjectNode tried = out.putObject("tried");
        List<AddressManager.TableEntry> entries = network.addressTables().stream()
                .sorted(Comparator.comparingInt(AddressManager.TableEntry::bucket).thenComparingInt(AddressManager.TableEntry::position)).toList();
        for (AddressManager.TableEntry e : entries) {
            KnownAddress a = e.address();
            ObjectNode o = (e.tried() ? tried : fresh).putObject(e.bucket() + "/" + e.position());
            o.put("address", a.netAddr().host());
            o.put("port", a.port());
            o.put("services", a.services());
            o.put("time", a.lastSeen());
            o.put("network", a.network().rpcName());
            o.put("source", e.source().host());
            o.put("source_network", e.source().network().rpcName());
        }
        return out;
    }
}
