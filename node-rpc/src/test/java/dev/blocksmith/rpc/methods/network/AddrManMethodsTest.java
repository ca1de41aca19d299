package dev.blocksmith.rpc.methods.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.p2p.P2PConfig;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.sync.ChainManagerBackend;
import dev.blocksmith.p2p.sync.MempoolBackend;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The address-manager test RPCs against a deterministic (-test=addrman) address manager, as rpc_net.py uses them. */
class AddrManMethodsTest {
    private final MethodRegistry registry = new MethodRegistry();
    private final P2PNetwork network;

    AddrManMethodsTest() {
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> System.currentTimeMillis() / 1000);
        network = new P2PNetwork(P2PConfig.defaults(0).withBind("127.0.0.1", 0).withDnsSeed(false),
                new ChainManagerBackend(chain), MempoolBackend.none(), Clock.systemUTC());
        network.useDeterministicAddressManager();
        NetworkMethods.register(registry, network, 100, "/Blocksmith:0.1.0/", Amount.ofSats(100), Amount.ofSats(100), Clock.systemUTC());
    }

    private JsonNode call(String method, Object... params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode arr = RpcJson.array();
        for (Object p : params) arr.add(RpcJson.mapper().valueToTree(p));
        return m.execute(new RpcRequest(method, arr, m.params(), Optional.empty(), "test"));
    }

    @Test
    void addPeerAddressResultsAndErrorsAsBitcoind() throws Exception {
        assertThat(registry.find("addpeeraddress").orElseThrow().category()).isEqualTo(RpcCategory.HIDDEN);
        assertThat(call("addpeeraddress", "1.0.0.0", 8333, false).toString()).isEqualTo("{\"success\":true}");
        assertThat(call("addpeeraddress", "1.0.0.0", 8333, true).toString()).isEqualTo("{\"success\":false,\"error\":\"failed-adding-to-new\"}");
        assertThat(call("addpeeraddress", "1.2.3.4", 8333, true).toString()).isEqualTo("{\"success\":true}");
        assertThat(call("addpeeraddress", "1.2.5.45", 8333, true).toString()).isEqualTo("{\"success\":false,\"error\":\"failed-adding-to-tried\"}");
        assertThatThrownBy(() -> call("addpeeraddress", "not_an_ip", 8333)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CLIENT_INVALID_IP_OR_SUBNET));
        assertThatThrownBy(() -> call("addpeeraddress", "", 8333)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Invalid IP address"));
        assertThatThrownBy(() -> call("addpeeraddress", "1.2.3.4", 65536)).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.getMessage()).isEqualTo("JSON integer out of range"));

        JsonNode info = call("getaddrmaninfo");
        OpenRpcSchema.assertValidResult("getaddrmaninfo", info);
        assertThat(info.get("all_networks").toString()).isEqualTo("{\"new\":2,\"tried\":1,\"total\":3}");
        assertThat(info.get("ipv4").get("total").asInt()).isEqualTo(3);
        assertThat(info.get("onion").get("total").asInt()).isZero();
    }

    @Test
    void rawAddrManShowsBitcoindBucketPositions() throws Exception {
        call("addpeeraddress", "1.2.3.4", 8333, true);
        call("addpeeraddress", "2803:0:1234:abcd::1", 45324);
        JsonNode raw = call("getrawaddrman");
        JsonNode tried = raw.get("tried").get("6/33");
        assertThat(tried.get("address").asText()).isEqualTo("1.2.3.4");
        assertThat(tried.get("services").asLong()).isEqualTo(9);
        assertThat(tried.get("network").asText()).isEqualTo("ipv4");
        assertThat(tried.get("source").asText()).isEqualTo("1.2.3.4");
        JsonNode fresh = raw.get("new").get("613/6");
        assertThat(fresh.get("address").asText()).isEqualTo("2803:0:1234:abcd::1");
        assertThat(fresh.get("port").asInt()).isEqualTo(45324);
        assertThat(fresh.get("source_network").asText()).isEqualTo("ipv6");
    }

    @Test
    void sendMsgToPeerChecks() {
        assertThatThrownBy(() -> call("sendmsgtopeer", 0, "long_msg_type", "FF")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Error: msg_type too long, max length is 12"));
        assertThatThrownBy(() -> call("sendmsgtopeer", 100, "addr", "FF")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Error: Could not send message to peer"));
    }

    @Test
    void ipv6IsPrintedInShortForm() throws Exception {
        assertThat(NetworkMethod.formatIp(InetAddress.getByName("2803:0:1234:abcd:0:0:0:1"))).isEqualTo("2803:0:1234:abcd::1");
        assertThat(NetworkMethod.formatIp(InetAddress.getByName("1233:3432:2434:2343:3234:2345:6546:4534"))).isEqualTo("1233:3432:2434:2343:3234:2345:6546:4534");
        assertThat(NetworkMethod.formatIp(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(NetworkMethod.formatIp(InetAddress.getByName("1:0:2:0:0:3:0:0"))).isEqualTo("1:0:2::3:0:0");
    }
}
