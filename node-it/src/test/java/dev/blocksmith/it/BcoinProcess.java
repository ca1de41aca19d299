package dev.blocksmith.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * bcoin 1.0.2 (a JavaScript full node from npm) as a separate process, driven by
 * {@code src/test/bcoin/start-bcoin.js}, with a client for its bitcoind-style JSON-RPC.
 */
public final class BcoinProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1 only: bcoin's server drops requests that offer the h2c upgrade.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final String API_KEY = "blocksmith-interop";

    private final Path driver;
    private final int p2pPort;
    private final int httpPort;
    private final Path log;
    private Process process;

    private BcoinProcess(Path driver, int p2pPort, int httpPort, Path log) {
        this.driver = driver;
        this.p2pPort = p2pPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * Installs the driver's npm dependencies into {@code node-it/target/bcoin} once, and returns that
     * directory; empty when {@code node} or {@code npm} is not installed on this machine.
     */
    public static synchronized Optional<Path> install() throws Exception {
        if (!onPath("node") || !onPath("npm")) return Optional.empty();
        Path repo = Path.of(System.getProperty("blocksmith.repo", "..")).toAbsolutePath().normalize();
        Path source = repo.resolve("node-it/src/test/bcoin");
        Path target = repo.resolve("node-it/target/bcoin");
        Files.createDirectories(target);
        for (String f : List.of("package.json", "start-bcoin.js")) {
            Files.copy(source.resolve(f), target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(target.resolve("node_modules/bcoin")) || !Files.isDirectory(target.resolve("node_modules/leveldown"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(target.toFile())
                    .redirectErrorStream(true).redirectOutput(target.resolve("npm-install.log").toFile()).start();
            if (!npm.waitFor(10, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install did not finish in 10 minutes; see " + target.resolve("npm-install.log"));
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm install failed: " + Files.readString(target.resolve("npm-install.log")));
            }
        }
        return Optional.of(target);
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    /** Starts bcoin listening on free ports; it dials only {@code outbound} (bcoin's {@code only}), if any. */
    public static BcoinProcess start(Path driver, Path logFile, String... outbound) throws Exception {
        BcoinProcess b = new BcoinProcess(driver, NodeProcess.freePort(), NodeProcess.freePort(), logFile);
        List<String> cmd = new ArrayList<>(List.of("node", "start-bcoin.js", String.valueOf(b.p2pPort), String.valueOf(b.httpPort), API_KEY));
        cmd.addAll(List.of(outbound));
        Files.createDirectories(logFile.getParent());
        b.process = new ProcessBuilder(cmd).directory(driver.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!b.process.isAlive()) throw new IllegalStateException("bcoin exited: " + Files.readString(logFile));
            try {
                b.rpc("getblockcount");
                return b;
            } catch (IOException | RpcFailure e) {
                if (System.nanoTime() > deadline) {
                    b.close();
                    throw new IllegalStateException("bcoin RPC did not come up", e);
                }
                Thread.sleep(200);
            }
        }
    }

    public int p2pPort() {
        return p2pPort;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public JsonNode rpc(String method, Object... params) throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.put("method", method);
        req.put("id", 1);
        ArrayNode arr = req.putArray("params");
        for (Object p : params) arr.add(JSON.valueToTree(p));
        String auth = Base64.getEncoder().encodeToString(("bitcoinrpc:" + API_KEY).getBytes(StandardCharsets.UTF_8));
        HttpRequest http = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/"))
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Basic " + auth)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req))).build();
        HttpResponse<String> resp = HTTP.send(http, HttpResponse.BodyHandlers.ofString());
        JsonNode reply;
        try {
            reply = JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new RpcFailure("HTTP " + resp.statusCode() + ": " + resp.body());
        }
        if (reply.hasNonNull("error")) throw new RpcFailure(method + ": " + reply.get("error"));
        return reply.get("result");
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    /** bcoin answered with an error (or not with JSON). */
    public static final class RpcFailure extends Exception {
        RpcFailure(String message) {
            super(message);
        }
    }
}
