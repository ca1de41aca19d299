package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a bitcoind-compatible reference node (Debian's Bitcoin Knots, {@code scripts/reference-node.sh}): on
 * regtest, each side's blocks reach the other whichever side dials, a wallet payment made on one side is accepted into
 * the other's mempool and mined there, and the two UTXO sets agree (the same MuHash). Skipped, saying so, when the
 * reference node is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceNodeIT {
    private static final Duration SYNC = Duration.ofMinutes(3);
    private static final List<String> COMMON = List.of("-rpcuser=it", "-rpcpassword=it", "-listen=1", "-dnsseed=0",
            "-fallbackfee=0.0001");

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
    void referenceBlocksReachBlocksmithThatDials() throws Exception {
        reference.rpc("createwallet", "ref");
        String address = reference.rpc("getnewaddress").asText();
        JsonNode hashes = reference.rpc("generatetoaddress", 110, address);
        String tip = hashes.get(109).asText();
        blocksmith.rpc("addnode", "127.0.0.1:" + reference.p2pPort(), "onetry");
        awaitTip(blocksmith, tip);
    }

    @Test
    @Order(2)
    void blocksmithBlocksReachTheReferenceNode() throws Exception {
        blocksmith.rpc("createwallet", "bs");
        String address = blocksmith.rpc("getnewaddress").asText();
        JsonNode hashes = blocksmith.rpc("generatetoaddress", 5, address);
        awaitTip(reference, hashes.get(4).asText());
    }

    @Test
    @Order(3)
    void paymentsCrossBothWaysAndAreMinedByTheOtherSide() throws Exception {
        String toBlocksmith = reference.rpc("sendtoaddress", blocksmith.rpc("getnewaddress").asText(), 1.5).asText();
        Await.until("the reference node's payment in Blocksmith's mempool", SYNC,
                () -> blocksmith.rpc("getrawmempool").toString().contains(toBlocksmith));
        String mined = blocksmith.rpc("generatetoaddress", 1, blocksmith.rpc("getnewaddress").asText()).get(0).asText();
        awaitTip(reference, mined);
        assertThat(reference.rpc("gettransaction", toBlocksmith).get("confirmations").asInt()).isEqualTo(1);

        // Blocksmith's own coinbases mature after 100 more blocks, mined by the reference node.
        JsonNode hashes = reference.rpc("generatetoaddress", 100, reference.rpc("getnewaddress").asText());
        awaitTip(blocksmith, hashes.get(99).asText());
        String toReference = blocksmith.rpc("sendtoaddress", reference.rpc("getnewaddress").asText(), 2.25).asText();
        Await.until("Blocksmith's payment in the reference node's mempool", SYNC,
                () -> reference.rpc("getrawmempool").toString().contains(toReference));
        String minedByReference = reference.rpc("generatetoaddress", 1, reference.rpc("getnewaddress").asText()).get(0).asText();
        awaitTip(blocksmith, minedByReference);
        assertThat(blocksmith.rpc("gettransaction", toReference).get("confirmations").asInt()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void bothNodesHoldTheSameUtxoSet() throws Exception {
        JsonNode ours = blocksmith.rpc("gettxoutsetinfo", "muhash");
        JsonNode theirs = reference.rpc("gettxoutsetinfo", "muhash");
        assertThat(ours.get("height").asInt()).isEqualTo(theirs.get("height").asInt());
        assertThat(ours.get("bestblock").asText()).isEqualTo(theirs.get("bestblock").asText());
        assertThat(ours.get("txouts").asLong()).isEqualTo(theirs.get("txouts").asLong());
        assertThat(ours.get("muhash").asText()).isEqualTo(theirs.get("muhash").asText());
        assertThat(ours.get("total_amount").decimalValue()).isEqualByComparingTo(theirs.get("total_amount").decimalValue());
    }

    private static void awaitTip(NodeProcess node, String tip) throws Exception {
        Await.until("tip " + tip, SYNC, () -> node.rpc("getbestblockhash").asText().equals(tip));
    }
}
