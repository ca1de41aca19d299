package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party ZMQ subscriber on a node process: libzmq through Debian's python3-zmq
 * (src/test/python/zmq_subscriber_flow.py) reads rawblock and rawtx over TCP and sequence over a UNIX socket
 * while it mines, pays, and reorganises the chain with invalidateblock, checking order, bodies, gapless message
 * counters and the mempool sequence numbers against getrawmempool.
 */
class ZmqIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String USER = "zmq";
    private static final String PASSWORD = "zmq-it-password";

    @TempDir
    Path dir;

    private static boolean pythonZmqAvailable() throws Exception {
        if (!Files.isExecutable(PYTHON)) return false;
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import zmq").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    @Test
    void aLibzmqSubscriberSeesBlocksPaymentsAndAReorgInOrder() throws Exception {
        assumeTrue(pythonZmqAvailable(),
                "/usr/bin/python3 has no zmq module (Debian's python3-zmq): no non-Java ZMQ subscriber to run");
        String tcp = "tcp://127.0.0.1:" + NodeProcess.freePort();
        // A short path: UNIX socket paths are limited to about 100 bytes.
        Path socket = Files.createTempDirectory("zmqit").resolve("seq");
        List<String> args = List.of("-rpcuser=" + USER, "-rpcpassword=" + PASSWORD, "-zmqpubrawblock=" + tcp,
                "-zmqpubrawtx=" + tcp, "-zmqpubsequence=unix:" + socket);
        try (NodeProcess node = new NodeProcess(dir.resolve("z"), "regtest", args).start()) {
            JsonNode notifications = node.rpc("getzmqnotifications");
            assertThat(notifications).hasSize(3);
            assertThat(notifications.get(2).get("address").asText()).isEqualTo("ipc://" + socket);
            Path script = Path.of(System.getProperty("blocksmith.repo", "..")).resolve("node-it/src/test/python/zmq_subscriber_flow.py");
            Process p = new ProcessBuilder(PYTHON.toString(), "-B", script.toString(), String.valueOf(node.rpcPort()), USER,
                    PASSWORD, tcp, socket.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            JsonNode figures = new ObjectMapper().readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
            System.out.println("zmq flow: " + figures);
            assertThat(figures.get("payments").asInt()).isEqualTo(2);
            assertThat(node.stop()).isZero();
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        }
    }
}
