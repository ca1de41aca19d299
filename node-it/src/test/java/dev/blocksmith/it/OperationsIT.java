package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, readiness and Prometheus metrics of a running node. */
class OperationsIT {
    @TempDir
    Path dir;

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** bitcoind's -stopatheight: the block at the height is connected and kept, then the node stops cleanly. */
    @Test
    void stopAtHeightStopsCleanlyAfterConnectingTheBlock() throws Exception {
        Path data = dir.resolve("stop");
        try (NodeProcess node = new NodeProcess(data, "regtest", List.of("-stopatheight=3")).start()) {
            node.rpc("generatetoaddress", 2, FoundationIT.ADDR);
            assertThat(node.awaitExit(java.time.Duration.ofSeconds(3))).as("below the height the node runs on").isEmpty();
            try {
                node.rpc("generatetoaddress", 1, FoundationIT.ADDR);
            } catch (Exception shutDownBeforeTheAnswer) {
                // The node may stop before it answers, as bitcoind may.
            }
            assertThat(node.awaitExit(java.time.Duration.ofSeconds(60))).hasValue(0);
            assertThat(node.debugLog()).contains("reached -stopatheight=3", "Shutdown: done");
        }
        try (NodeProcess again = new NodeProcess(data, "regtest", List.of()).start()) {
            assertThat(again.rpc("getblockcount").asInt()).isEqualTo(3);
        }
    }

    @Test
    void healthReadyAndMetrics() throws Exception {
        int metricsPort = NodeProcess.freePort();
        try (NodeProcess node = new NodeProcess(dir.resolve("n"), "regtest", List.of("-metricsport=" + metricsPort)).start()) {
            assertThat(get("http://127.0.0.1:" + node.rpcPort() + "/health").statusCode()).isEqualTo(200);
            // A fresh regtest chain's genesis is old: the node is in initial block download, so not ready...
            assertThat(get("http://127.0.0.1:" + node.rpcPort() + "/ready").statusCode()).isEqualTo(503);
            node.rpc("generatetoaddress", 5, FoundationIT.ADDR);
            // ...until it has a recent tip.
            assertThat(get("http://127.0.0.1:" + node.rpcPort() + "/ready").statusCode()).isEqualTo(200);
            // Nothing else is served without credentials.
            assertThat(get("http://127.0.0.1:" + node.rpcPort() + "/metrics").statusCode()).isIn(401, 404, 405);

            HttpResponse<String> metrics = get("http://127.0.0.1:" + metricsPort + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("blocksmith_chain_height 5.0", "blocksmith_chain_headers 5.0",
                    "blocksmith_peers_inbound", "blocksmith_peers_outbound", "blocksmith_net_received_bytes_total",
                    "blocksmith_net_sent_bytes_total", "blocksmith_mempool_transactions", "blocksmith_mempool_bytes",
                    "blocksmith_mempool_min_fee_sat_per_kvb", "blocksmith_blocks_validated_total 5.0",
                    "blocksmith_block_connect_seconds_count 5", "blocksmith_rpc_request_seconds_count{method=\"generatetoaddress\"}",
                    "blocksmith_db_size_bytes", "blocksmith_db_block_cache_hit_ratio", "jvm_memory_used_bytes", "jvm_gc_");
        }
    }
}
