package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foundation issue's checks against a real node process on regtest. */
class FoundationIT {
    static final String ADDR = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    @TempDir
    Path dir;

    @Test
    void minesAnswersBalancesAndSurvivesRestart() throws Exception {
        try (NodeProcess node = new NodeProcess(dir.resolve("a"), "regtest", List.of()).start()) {
            JsonNode hashes = node.rpc("generatetoaddress", 101, ADDR);
            assertThat(hashes).hasSize(101);
            assertThat(node.rpc("getblockcount").asInt()).isEqualTo(101);
            JsonNode bal = node.rpc("getaddressbalance", Map.of("addresses", List.of(ADDR)));
            assertThat(bal.get("balance").asLong()).isEqualTo(505_000_000_000L);
            assertThat(bal.get("received").asLong()).isEqualTo(505_000_000_000L);
            JsonNode scan = node.rpc("scantxoutset", "start", List.of("addr(" + ADDR + ")"));
            assertThat(scan.get("total_amount").decimalValue()).isEqualByComparingTo(new BigDecimal("5050.00000000"));
            assertThat(scan.get("success").asBoolean()).isTrue();
            String best = node.rpc("getbestblockhash").asText();

            assertThat(node.stop()).isZero();
            assertThat(node.debugLog()).contains("Shutdown: done");
            assertThat(node.networkDir().resolve(".cookie")).doesNotExist();

            node.start();
            assertThat(node.rpc("getblockcount").asInt()).isEqualTo(101);
            assertThat(node.rpc("getbestblockhash").asText()).isEqualTo(best);
        }
    }

    @Test
    void killDashNineDuringMiningResumesFromTheLastFlushConsistently() throws Exception {
        try (NodeProcess node = new NodeProcess(dir.resolve("b"), "regtest", List.of()).start()) {
            CompletableFuture<JsonNode> mining = CompletableFuture.supplyAsync(() -> {
                try {
                    return node.rpc("generatetoaddress", 500, ADDR);
                } catch (Exception e) {
                    return null;
                }
            });
            while (node.rpc("getblockcount").asInt() < 120) Thread.sleep(20);
            // gettxoutsetinfo flushes the chain state (as bitcoind's): after the kill the node resumes from that flush
            // or a later one, and forgets the blocks mined after it (bitcoind's crash contract; peers would send them).
            int flushed = node.rpc("gettxoutsetinfo").get("height").asInt();
            node.kill();
            mining.handle((r, e) -> null).join();

            node.start();
            int height = node.rpc("getblockcount").asInt();
            assertThat(height).isGreaterThanOrEqualTo(flushed);
            JsonNode info = node.rpc("gettxoutsetinfo");
            assertThat(info.get("height").asInt()).isEqualTo(height);
            assertThat(info.get("bestblock").asText()).isEqualTo(node.rpc("getbestblockhash").asText());
            // A chain of coinbase-only blocks: one spendable output per block, the subsidies in total.
            assertThat(info.get("txouts").asLong()).isEqualTo(height);
            long subsidies = 0;
            for (int h = 1; h <= height; h++) subsidies += 50_0000_0000L >> (h / 150);
            assertThat(info.get("total_amount").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(subsidies, 8));
            JsonNode bal = node.rpc("getaddressbalance", Map.of("addresses", List.of(ADDR)));
            assertThat(bal.get("balance").asLong()).isEqualTo(subsidies);
            // And the node keeps working from there.
            assertThat(node.rpc("generatetoaddress", 5, ADDR)).hasSize(5);
        }
    }

    @Test
    void badInputGetsClearErrorsAndChangesNothing() throws Exception {
        try (NodeProcess node = new NodeProcess(dir.resolve("c"), "regtest", List.of()).start()) {
            node.rpc("generatetoaddress", 3, ADDR);
            String best = node.rpc("getbestblockhash").asText();
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + node.rpcPort() + "/");
            String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    java.nio.file.Files.readString(node.networkDir().resolve(".cookie")).strip().getBytes());

            HttpResponse<String> noAuth = http.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"getblockcount\",\"params\":[],\"id\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noAuth.statusCode()).isEqualTo(401);

            HttpResponse<String> badJson = http.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"method\": getblockcount")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(new ObjectMapper().readTree(badJson.body()).get("error").get("code").asInt()).isEqualTo(-32700);

            byte[] huge = new byte[33 * 1024 * 1024];
            java.util.Arrays.fill(huge, (byte) ' ');
            HttpResponse<String> tooBig = http.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tooBig.statusCode()).isEqualTo(413);

            assertThatThrownBy(() -> node.rpc("nosuchmethod")).isInstanceOfSatisfying(NodeProcess.RpcError.class,
                    e -> assertThat(e.code()).isEqualTo(-32601));
            assertThatThrownBy(() -> node.rpc("generatetoaddress", "ten", ADDR)).isInstanceOfSatisfying(NodeProcess.RpcError.class,
                    e -> assertThat(e.code()).isEqualTo(-3));
            assertThatThrownBy(() -> node.rpc("generatetoaddress", 1, "notanaddress")).isInstanceOfSatisfying(NodeProcess.RpcError.class,
                    e -> assertThat(e.code()).isEqualTo(-5));
            assertThatThrownBy(() -> node.rpc("getblockhash", 999)).isInstanceOfSatisfying(NodeProcess.RpcError.class,
                    e -> assertThat(e.code()).isEqualTo(-8));
            assertThat(node.rpc("getbestblockhash").asText()).isEqualTo(best);
            assertThat(node.rpc("getblockcount").asInt()).isEqualTo(3);
        }
    }
}
