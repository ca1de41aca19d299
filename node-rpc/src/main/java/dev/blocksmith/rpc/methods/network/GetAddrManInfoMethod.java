package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.addr.AddressManager;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getaddrmaninfo}: new/tried/total address counts per network and over all networks. */
public final class GetAddrManInfoMethod extends NetworkMethod {
    /** bitcoind's order: every network but unroutable and internal, then the sum. */
    private static final List<String> NETWORKS = List.of("ipv4", "ipv6", "onion", "i2p", "cjdns");

    public GetAddrManInfoMethod(P2PNetwork network) {
        super(network, "getaddrmaninfo", "Provides information about the node's address manager by returning the number of addresses in the `new` and `tried` tables and their sum for all networks.",
                "{ \"network\" : { \"new\" : n, \"tried\" : n, \"total\" : n }, ..., \"all_networks\" : { ... } }", List.of());
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        List<AddressManager.TableEntry> entries = network.addressTables();
        ObjectNode out = RpcJson.object();
        for (String net : NETWORKS) {
            counts(out.putObject(net), entries.stream().filter(e -> e.address().network().rpcName().equals(net)).toList());
        }
        counts(out.putObject("all_networks"), entries);
        return out;
    }

    private static void counts(ObjectNode o, List<AddressManager.TableEntry> entries) {
        long tried = entries.stream().filter(AddressManager.TableEntry::tried).count();
        o.put("new", entries.size() - tried);
        o.put("tried", tried);
        o.put("total", entries.size());
    }
}
