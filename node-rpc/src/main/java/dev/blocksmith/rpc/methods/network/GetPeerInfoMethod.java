package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code getpeerinfo}: one object per connected peer, shaped as bitcoind 30's. */
public final class GetPeerInfoMethod extends NetworkMethod {
    /** bitcoind lists its networks, and the class of local/private peers, in the help's network line. */
    private static final List<String> NETWORK_NAMES = List.of("ipv4", "ipv6", "onion", "i2p", "cjdns", "not_publicly_routable");

    public GetPeerInfoMethod(P2PNetwork network) {
        super(network, "getpeerinfo", "Returns data about each connected network peer as a json array of objects.",
                "[                                   (json array)\n"
                        + "  {                                 (json object)\n"
                        + "    \"id\" : n,                       (numeric) Peer index\n"
                        + "    \"addr\" : \"str\",                (string) (host:port) The IP address/hostname optionally followed by :port of the peer\n"
                        + "    \"addrbind\" : \"str\",            (string, optional) (ip:port) Bind address of the connection to the peer\n"
                        + "    \"addrlocal\" : \"str\",           (string, optional) (ip:port) Local address as reported by the peer\n"
                        + "    \"network\" : \"str\",             (string) Network (" + String.join(", ", NETWORK_NAMES) + ")\n"
                        + "    ...\n"
                        + "  },\n"
                        + "  ...\n"
                        + "]", List.of());
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        ArrayNode out = RpcJson.array();
        for (PeerInfo p : network.peers()) {
            ObjectNode o = out.addObject();
            o.put("id", p.id());
            o.put("addr", p.addr());
            if (!p.addrBind().isEmpty()) o.put("addrbind", p.addrBind());
            o.put("network", peerNetwork(p.addr(), network.networks().isReachable(dev.blocksmith.p2p.Network.CJDNS)));
            o.put("services", String.format("%016x", p.services()));
            ArrayNode names = o.putArray("servicesnames");
            p.servicesNames().forEach(names::add);
            o.put("relaytxes", p.relayTxes());
            // bitcoind 30.99: the mempool sequence of the last trickle, and the announcements queued for the next.
            o.put("last_inv_sequence", p.lastInvSequence());
            o.put("inv_to_send", p.invToSend());
            o.put("lastsend", p.lastSend());
            o.put("lastrecv", p.lastRecv());
            o.put("last_transaction", p.lastTransaction());
            o.put("last_block", p.lastBlock());
            o.put("bytessent", p.bytesSent());
            o.put("bytesrecv", p.bytesRecv());
            o.put("conntime", p.connTime());
            o.put("timeoffset", p.timeOffset());
            p.pingTime().ifPresent(v -> o.put("pingtime", v));
            p.minPing().ifPresent(v -> o.put("minping", v));
            p.pingWait().ifPresent(v -> o.put("pingwait", v));
            o.put("version", p.version());
            o.put("subver", p.subver());
            o.put("inbound", p.inbound());
            o.put("bip152_hb_to", p.bip152HbTo());
            o.put("bip152_hb_from", p.bip152HbFrom());
            o.put("startingheight", p.startingHeight());
            o.put("presynced_headers", p.presyncedHeaders());
            o.put("synced_headers", p.syncedHeaders());
            o.put("synced_blocks", p.syncedBlocks());
            ArrayNode inflight = o.putArray("inflight");
            p.inflight().forEach(inflight::add);
            o.put("addr_relay_enabled", p.addrRelayEnabled());
            o.put("addr_processed", p.addrProcessed());
            o.put("addr_rate_limited", p.addrRateLimited());
            ArrayNode permissions = o.putArray("permissions");
            p.permissions().forEach(permissions::add);
            o.put("minfeefilter", RpcJson.amount(dev.blocksmith.core.primitives.Amount.ofSats(p.minFeeFilterPerKvB())).decimalValue());
            o.set("bytessent_per_msg", perMsg(p.bytesSentPerMsg()));
            o.set("bytesrecv_per_msg", perMsg(p.bytesRecvPerMsg()));
            o.put("connection_type", p.connectionType());
            o.put("transport_protocol_type", p.transportProtocolType());
            o.put("session_id", p.sessionId());
        }
        return out;
    }

    /**
     * bitcoind's GetNetworkName(GetNetClass()): local and private peers are "not_publicly_routable"; with
     * -cjdnsreachable an fc00::/8 address is a CJDNS one.
     */
    static String peerNetwork(String addr, boolean cjdnsReachable) {
        String net = networkOf(addr);
        if (net.equals("onion")) return net;
        String host = addr.startsWith("[") ? addr.substring(1, addr.indexOf(']')) : addr.substring(0, Math.max(0, addr.lastIndexOf(':')));
        if (!host.matches("[0-9a-fA-F:.]+")) return net;
        try {
            java.net.InetAddress ip = java.net.InetAddress.getByName(host); // a literal: no look-up
            dev.blocksmith.p2p.addr.NetAddr a = dev.blocksmith.p2p.addr.NetAddr.ofIp(ip, cjdnsReachable);
            if (a.network() == dev.blocksmith.p2p.Network.CJDNS) return "cjdns";
            return dev.blocksmith.p2p.addr.AddressManager.isRoutable(ip) ? net : "not_publicly_routable";
        } catch (java.net.UnknownHostException e) {
            return net;
        }
    }

    private static ObjectNode perMsg(Map<String, Long> m) {
        ObjectNode o = RpcJson.object();
        new TreeMap<>(m).forEach(o::put);
        return o;
    }
}
