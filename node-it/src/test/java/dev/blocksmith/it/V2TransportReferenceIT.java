package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * BIP324 interop with a bitcoind-compatible reference node (Debian's Bitcoin Knots, {@code scripts/reference-node.sh}):
 * an encrypted v2 connection whichever side dials, both sides reporting "v2" and the same session id (so both derived
 * the same keys), blocks crossing it; and a v2 attempt at a reference node running with {@code -v2transport=0} falls
 * back to v1 as bitcoind's does. Skipped, saying so, when the reference node is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class V2TransportReferenceIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final List<String> COMMON = List.of("-rpcuser=it", "-rpcpassword=it", "-listen=1", "-dnsseed=0",
            "-v2transport=1", "-debug=net");

    @TempDir
    static Path dir;

    private ReferencePair pair;
    private NodeProcess reference;
    private NodeProcess blocksmith;

    @BeforeAll
    void start() throws Exception {
        pair = ReferencePair.start(dir, COMMON);
        reference = pair.reference();
        blocksmith = pair.blocksmith();
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) pair.close();
    }

    @Test
    @Order(1)
    void blocksmithDialsTheReferenceNodeOverV2() throws Exception {
        reference.rpc("createwallet", "ref");
        blocksmith.rpc("addnode", "127.0.0.1:" + reference.p2pPort(), "onetry", true);
        JsonNode ours = awaitOnePeer(blocksmith);
        JsonNode theirs = awaitOnePeer(reference);
        assertV2Session(ours, theirs);
        assertThat(ours.get("inbound").asBoolean()).isFalse();
        assertThat(theirs.get("inbound").asBoolean()).isTrue();

        String tip = reference.rpc("generatetoaddress", 3, reference.rpc("getnewaddress").asText()).get(2).asText();
        awaitTip(blocksmith, tip);
        disconnectAll();
    }

    @Test
    @Order(2)
    void theReferenceNodeDialsBlocksmithOverV2() throws Exception {
        reference.rpc("addnode", "127.0.0.1:" + blocksmith.p2pPort(), "onetry", true);
        JsonNode ours = awaitOnePeer(blocksmith);
        JsonNode theirs = awaitOnePeer(reference);
        assertV2Session(ours, theirs);
        assertThat(ours.get("inbound").asBoolean()).isTrue();

        blocksmith.rpc("createwallet", "bs");
        String tip = blocksmith.rpc("generatetoaddress", 2, blocksmith.rpc("getnewaddress").asText()).get(1).asText();
        awaitTip(reference, tip);
        disconnectAll();
    }

    @Test
    @Order(3)
    void aV2AttemptAtAV1OnlyReferenceNodeFallsBackToV1() throws Exception {
        Optional<NodeProcess> v1Only = NodeProcess.reference(dir.resolve("reference-v1"), "regtest",
                List.of("-rpcuser=it", "-rpcpassword=it", "-listen=1", "-dnsseed=0", "-v2transport=0"));
        try (NodeProcess v1 = v1Only.orElseThrow().start()) {
            String before = blocksmith.debugLog();
            blocksmith.rpc("addnode", "127.0.0.1:" + v1.p2pPort(), "onetry", true);
            JsonNode ours = awaitOnePeer(blocksmith);
            assertThat(ours.get("transport_protocol_type").asText()).isEqualTo("v1");
            assertThat(awaitOnePeer(v1).get("transport_protocol_type").asText()).isEqualTo("v1");
            String log = blocksmith.debugLog().substring(before.length());
            assertThat(log).contains("start sending v2 handshake to peer=").contains("retrying with v1 transport protocol for peer=");
            disconnectAll();
        }
    }

    private void assertV2Session(JsonNode ours, JsonNode theirs) {
        assertThat(ours.get("transport_protocol_type").asText()).isEqualTo("v2");
        assertThat(theirs.get("transport_protocol_type").asText()).isEqualTo("v2");
        assertThat(ours.get("session_id").asText()).hasSize(64).isEqualTo(theirs.get("session_id").asText());
        assertThat(ours.get("servicesnames").toString()).contains("P2P_V2");
        assertThat(theirs.get("servicesnames").toString()).contains("P2P_V2");
    }

    /** The only peer once its version handshake is done (bitcoind reports the transport once the version packet came). */
    private static JsonNode awaitOnePeer(NodeProcess node) throws Exception {
        JsonNode[] found = new JsonNode[1];
        Await.until("one connected peer", WAIT, () -> {
            JsonNode peers = node.rpc("getpeerinfo");
            if (peers.size() != 1 || peers.get(0).get("version").asInt() == 0) return false;
            found[0] = peers.get(0);
            return true;
        });
        return found[0];
    }

    private void disconnectAll() throws Exception {
        for (JsonNode p : blocksmith.rpc("getpeerinfo")) blocksmith.rpc("disconnectnode", "", p.get("id").asInt());
        Await.until("no peers left", WAIT, () -> blocksmith.rpc("getpeerinfo").isEmpty() && reference.rpc("getpeerinfo").isEmpty());
    }

    private static void awaitTip(NodeProcess node, String tip) throws Exception {
        Await.until("tip " + tip, WAIT, () -> node.rpc("getbestblockhash").asText().equals(tip));
    }
}
