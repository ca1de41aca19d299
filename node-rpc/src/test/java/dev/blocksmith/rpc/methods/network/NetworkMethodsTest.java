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
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkMethodsTest {
    private final P2PNetwork a = network();
    private final P2PNetwork b = network();
    private final MethodRegistry registry = new MethodRegistry();

    private static P2PNetwork network() {
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> System.currentTimeMillis() / 1000);
        P2PConfig cfg = P2PConfig.defaults(0).withBind("127.0.0.1", 0).withDnsSeed(false);
        P2PNetwork n = new P2PNetwork(cfg, new ChainManagerBackend(chain), MempoolBackend.none(), Clock.systemUTC());
        n.start();
        return n;
    }

    @AfterEach
    void stop() {
        a.stop();
        b.stop();
    }

    private JsonNode call(String method, Object... params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode arr = RpcJson.array();
        for (Object p : params) arr.add(RpcJson.mapper().valueToTree(p));
        return m.execute(new RpcRequest(method, arr, m.params(), Optional.empty(), "test"));
    }

    @Test
    void peersAndTotalsAreReportedInBitcoindShapes() throws Exception {
        NetworkMethods.register(registry, b, 100, "/Blocksmith:0.1.0/", Amount.ofSats(100), Amount.ofSats(100), Clock.systemUTC());
        String target = "127.0.0.1:" + a.listenAddress().orElseThrow().getPort();
        call("addnode", target, "add");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (call("getconnectioncount").asInt() < 1 && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(call("getconnectioncount").asInt()).isEqualTo(1);

        for (String method : new String[] {"getnetworkinfo", "getnettotals", "getaddednodeinfo", "listbanned",
                "getnodeaddresses"}) {
            OpenRpcSchema.assertValidResult(method, call(method));
        }
        // bitcoind 30.99 added last_inv_sequence and inv_to_send after the 30.0 schema: checked apart.
        JsonNode peers = call("getpeerinfo");
        for (JsonNode p : peers) {
            assertThat(p.get("last_inv_sequence").isIntegralNumber()).isTrue();
            assertThat(p.get("inv_to_send").isIntegralNumber()).isTrue();
            ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove(List.of("last_inv_sequence", "inv_to_send"));
        }
        OpenRpcSchema.assertValidResult("getpeerinfo", peers);
        JsonNode peer = call("getpeerinfo").get(0);
        assertThat(peer.get("addr").asText()).isEqualTo(target);
        assertThat(peer.get("subver").asText()).startsWith("/Blocksmith:");
        assertThat(peer.get("inbound").asBoolean()).isFalse();
        assertThat(call("getaddednodeinfo").get(0).get("addednode").asText()).isEqualTo(target);
        assertThatThrownBy(() -> call("getaddednodeinfo", "1.1.1.1")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CLIENT_NODE_NOT_ADDED));

        assertThatThrownBy(() -> call("addnode", target, "add")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CLIENT_NODE_ALREADY_ADDED));
        // bitcoind answers an unknown command with the help text as a plain runtime error (rpc_net).
        assertThatThrownBy(() -> call("addnode", target, "frob")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.MISC_ERROR);
            assertThat(e.getMessage()).startsWith("addnode \"node\" \"command\"");
        });
        assertThatThrownBy(() -> call("setban", "10.1.2.0/24", "frob")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.MISC_ERROR));
        // Without -v2transport, v2 cannot be asked for (bitcoind's texts, rpc_net / p2p_v2_transport).
        assertThat(peer.get("transport_protocol_type").asText()).isEqualTo("v1");
        assertThat(peer.get("session_id").asText()).isEmpty();
        assertThatThrownBy(() -> call("addnode", "127.0.0.1:1", "onetry", true)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).isEqualTo("Error: v2transport requested but not enabled (see -v2transport)");
        });

        call("setban", "10.1.2.0/24", "add", 3600);
        assertThat(call("listbanned").get(0).get("address").asText()).isEqualTo("10.1.2.0/24");
        OpenRpcSchema.assertValidResult("listbanned", call("listbanned"));
        assertThatThrownBy(() -> call("setban", "10.1.2.0/24", "add")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CLIENT_NODE_ALREADY_ADDED));
        assertThatThrownBy(() -> call("setban", "not-an-ip", "add")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CLIENT_INVALID_IP_OR_SUBNET));
        call("clearbanned");
        assertThat(call("listbanned")).isEmpty();

        assertThatThrownBy(() -> call("disconnectnode", "1.2.3.4:5")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CLIENT_NODE_NOT_CONNECTED));
        // bitcoind: neither (or both) of address and nodeid is RPC_INVALID_PARAMS (p2p_disconnect_ban.py).
        assertThatThrownBy(() -> call("disconnectnode")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_PARAMS));
        call("ping");
        call("disconnectnode", target);
        call("addnode", target, "remove");
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (call("getconnectioncount").asInt() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(call("getconnectioncount").asInt()).isZero();
        assertThat(call("setnetworkactive", false).asBoolean()).isFalse();
        assertThat(call("getnetworkinfo").get("networkactive").asBoolean()).isFalse();
        assertThat(call("setnetworkactive", true).asBoolean()).isTrue();
    }
}
