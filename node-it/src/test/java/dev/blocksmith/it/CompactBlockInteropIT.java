package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * BIP152 interop with a bitcoind-compatible reference node (Debian's Bitcoin Knots, {@code scripts/reference-node.sh}):
 * a block whose transactions are already in the receiver's mempool travels as a compact block in each direction and is
 * rebuilt there without a round trip - the receiver takes a cmpctblock, asks no getblocktxn and gets no full block.
 * What each side sent and received is read from the receiver's getpeerinfo (bytes per message type). Skipped, saying so,
 * when the reference node is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompactBlockInteropIT {
    private static final Duration SYNC = Duration.ofMinutes(3);
    private static final List<String> COMMON = List.of("-rpcuser=it", "-rpcpassword=it", "-listen=1", "-dnsseed=0",
            "-fallbackfee=0.0001", "-debug=net", "-debug=cmpctblock");

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
        reference.rpc("createwallet", "ref");
        blocksmith.rpc("createwallet", "bs");
        // Mature coins on the reference side, out of initial block download on both.
        JsonNode hashes = reference.rpc("generatetoaddress", 110, reference.rpc("getnewaddress").asText());
        blocksmith.rpc("addnode", "127.0.0.1:" + reference.p2pPort(), "onetry");
        awaitTip(blocksmith, hashes.get(109).asText());
        Await.until("both peers see each other", SYNC,
                () -> peerCounts(blocksmith).isPresent() && peerCounts(reference).isPresent());
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) pair.close();
    }

    @Test
    @Order(1)
    void referenceBlockIsRebuiltByBlocksmithFromItsMempool() throws Exception {
        List<String> txids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            txids.add(reference.rpc("sendtoaddress", blocksmith.rpc("getnewaddress").asText(), 1.0 + i).asText());
        }
        Await.until("the reference node's payments in Blocksmith's mempool", SYNC,
                () -> containsAll(blocksmith.rpc("getrawmempool"), txids));
        PeerCounts before = peerCounts(blocksmith).orElseThrow();
        String block = reference.rpc("generatetoaddress", 1, reference.rpc("getnewaddress").asText()).get(0).asText();
        awaitTip(blocksmith, block);
        assertThat(blocksmith.rpc("getblock", block).get("nTx").asInt()).isEqualTo(4);
        PeerCounts after = peerCounts(blocksmith).orElseThrow();
        assertRebuiltWithoutRoundTrip(before, after);
        assertThat(blocksmith.debugLog()).contains("Successfully reconstructed block " + block + " with 1 txn prefilled, 3 txn from mempool");
    }

    @Test
    @Order(2)
    void blocksmithBlockIsRebuiltByTheReferenceNodeFromItsMempool() throws Exception {
        // Blocksmith's wallet got 6 BTC above; they confirmed in the previous block.
        List<String> txids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            txids.add(blocksmith.rpc("sendtoaddress", reference.rpc("getnewaddress").asText(), 0.5 + i).asText());
        }
        Await.until("Blocksmith's payments in the reference node's mempool", SYNC,
                () -> containsAll(reference.rpc("getrawmempool"), txids));
        PeerCounts before = peerCounts(reference).orElseThrow();
        String block = blocksmith.rpc("generatetoaddress", 1, blocksmith.rpc("getnewaddress").asText()).get(0).asText();
        awaitTip(reference, block);
        assertThat(reference.rpc("getblock", block).get("nTx").asInt()).isEqualTo(4);
        PeerCounts after = peerCounts(reference).orElseThrow();
        assertRebuiltWithoutRoundTrip(before, after);
        // bitcoind's own account of it (-debug=cmpctblock).
        assertThat(reference.debugLog()).contains("Successfully reconstructed block " + block + " with 1 txn prefilled, 3 txn from mempool");
    }

    /** The receiver took a compact block and needed neither getblocktxn/blocktxn nor a full block. */
    private static void assertRebuiltWithoutRoundTrip(PeerCounts before, PeerCounts after) {
        assertThat(after.receivedCmpctblock()).as("cmpctblock bytes received").isGreaterThan(before.receivedCmpctblock());
        assertThat(after.sentGetblocktxn()).as("getblocktxn bytes sent").isEqualTo(before.sentGetblocktxn());
        assertThat(after.receivedBlocktxn()).as("blocktxn bytes received").isEqualTo(before.receivedBlocktxn());
        assertThat(after.receivedBlock()).as("full block bytes received").isEqualTo(before.receivedBlock());
    }

    /** Per-message byte counts of a node's single peer, as its getpeerinfo reports them. */
    private record PeerCounts(long receivedCmpctblock, long receivedBlocktxn, long receivedBlock, long sentGetblocktxn) {
    }

    private static Optional<PeerCounts> peerCounts(NodeProcess node) throws Exception {
        JsonNode peers = node.rpc("getpeerinfo");
        if (peers.size() != 1) return Optional.empty();
        JsonNode recv = peers.get(0).get("bytesrecv_per_msg");
        JsonNode sent = peers.get(0).get("bytessent_per_msg");
        return Optional.of(new PeerCounts(recv.path("cmpctblock").asLong(0), recv.path("blocktxn").asLong(0),
                recv.path("block").asLong(0), sent.path("getblocktxn").asLong(0)));
    }

    private static boolean containsAll(JsonNode mempool, List<String> txids) {
        List<String> pooled = new ArrayList<>();
        mempool.forEach(t -> pooled.add(t.asText()));
        return pooled.containsAll(txids);
    }

    private static void awaitTip(NodeProcess node, String tip) throws Exception {
        Await.until("tip " + tip, SYNC, () -> node.rpc("getbestblockhash").asText().equals(tip));
    }
}
