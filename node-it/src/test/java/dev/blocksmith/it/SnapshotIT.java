package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An online snapshot starts a new node that catches up with its source over P2P. */
class SnapshotIT {
    @TempDir
    Path dir;

    @Test
    void nodeStartsFromASnapshotAndCatchesUp() throws Exception {
        try (NodeProcess a = new NodeProcess(dir.resolve("a"), "regtest", List.of()).start()) {
            a.rpc("generatetoaddress", 150, FoundationIT.ADDR);
            Path snap = dir.resolve("snapshot");
            JsonNode r = a.rpc("dumpchainstate", snap.toString());
            assertThat(r.get("height").asInt()).isEqualTo(150);
            a.rpc("generatetoaddress", 10, FoundationIT.ADDR);

            try (NodeProcess b = new NodeProcess(snap, "regtest",
                    List.of("-connect=127.0.0.1:" + a.p2pPort())).start()) {
                // It starts at the snapshot's tip, not at genesis...
                assertThat(b.rpc("getblockcount").asInt()).isGreaterThanOrEqualTo(150);
                // ...and catches up by P2P.
                String best = a.rpc("getbestblockhash").asText();
                long deadline = System.currentTimeMillis() + 60_000;
                while (!b.rpc("getbestblockhash").asText().equals(best) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(b.rpc("getbestblockhash").asText()).isEqualTo(best);
                assertThat(b.rpc("gettxoutsetinfo").get("txouts").asLong()).isEqualTo(160);
            }
            // The source node was never paused.
            assertThat(a.rpc("getblockcount").asInt()).isEqualTo(160);
        }
    }
}
