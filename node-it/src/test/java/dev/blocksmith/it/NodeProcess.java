package dev.blocksmith.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node started as a separate process, with its RPC client: Blocksmith from the built distribution, or (see
 * {@link #reference}) the bitcoind-compatible reference node that {@code scripts/reference-node.sh} installs.
 */
public final class NodeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path datadir;
    private final String chain;
    private final int rpcPort;
    private final int p2pPort;
    private final List<String> extraArgs;
    private String networkDirName;
    /** The reference node's bitcoind wrapper, or null for Blocksmith. */
    private Path referenceBitcoind;
    private Process process;
    /** Extra environment of a node started through the launcher ({@link #viaLauncher}), or null for a direct JVM. */
    private java.util.Map<String, String> launcherEnvironment;

    public NodeProcess(Path datadir, String chain, List<String> extraArgs) throws IOException {
        this(datadir, chain, freePort(), freeP2pPort(), extraArgs);
    }

    /**
     * Starts the node as users do, through the launcher {@code ./blocksmith node} with its JVM options, on the
     * distribution as built (BLOCKSMITH_NO_REBUILD=1), with these extra environment variables.
     */
    public NodeProcess viaLauncher(java.util.Map<String, String> environment) {
        this.launcherEnvironment = java.util.Map.copyOf(environment);
        return this;
    }

    public NodeProcess(Path datadir, String chain, int rpcPort, int p2pPort, List<String> extraArgs) {
        this.datadir = datadir;
        this.chain = chain;
        this.rpcPort = rpcPort;
        this.p2pPort = p2pPort;
        this.extraArgs = List.copyOf(extraArgs);
        this.networkDirName = chain;
    }

    /** For a custom network given as a params file: the network's name, which names its data directory. */
    public NodeProcess withNetworkDirName(String name) {
        this.networkDirName = name;
        return this;
    }

    /**
     * The reference node (Debian sid's Bitcoin Knots, installed by {@code scripts/reference-node.sh install}) with the
     * same datadir, ports and arguments; empty when it is not installed, so that a test can skip saying so
     * ({@link #referenceSkipReason()}).
     */
    public static java.util.Optional<NodeProcess> reference(Path datadir, String chain, List<String> extraArgs) throws IOException {
        Path bitcoind = referenceDir().resolve("bin/bitcoind");
        if (!Files.isExecutable(bitcoind)) return java.util.Optional.empty();
        NodeProcess node = new NodeProcess(datadir, chain, extraArgs);
        node.referenceBitcoind = bitcoind;
        return java.util.Optional.of(node);
    }

    /** Where {@code scripts/reference-node.sh} installs the reference node. */
    public static Path referenceDir() {
        String dir = System.getenv("BLOCKSMITH_REFERENCE_DIR");
        return dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "blocksmith", "reference-node");
    }

    /** Why tests needing the reference node are skipped here. */
    public static String referenceSkipReason() {
        return "no bitcoind-compatible reference node in " + referenceDir() + " (install it with scripts/reference-node.sh install)";
    }

    /** Ports this JVM handed out, so that two nodes (or a node and a ZMQ endpoint) of one test never share one. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static int freePort() throws IOException {
        while (true) {
            int port = probe();
            if (HANDED_OUT.add(port)) return port;
        }
    }

    /**
     * A P2P port whose successor is free too: without -bind a node also listens on 127.0.0.1:port+1 (bitcoind's
     * default Tor onion-service target) and refuses to start if that is taken.
     */
    public static int freeP2pPort() throws IOException {
        while (true) {
            int port = probe();
            if (port >= 65535 || HANDED_OUT.contains(port) || HANDED_OUT.contains(port + 1)) continue;
            try (ServerSocket next = new ServerSocket(port + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                HANDED_OUT.add(port);
                HANDED_OUT.add(port + 1);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
    }

    private static int probe() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static Path distribution() {
        return Path.of(System.getProperty("blocksmith.dist", "../node-cli/target")).toAbsolutePath().normalize();
    }

    /**
     * As the launcher's scripts/native-libs.sh: the JNI libraries load in place from the distribution's native/
     * directory, so that the test nodes (often killed) leave no copy of them in /tmp; none where it has no directory.
     */
    static List<String> nativeLibraryOptions(Path dist) {
        String cpu = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> "";
        };
        Path dir = dist.resolve("native").resolve("linux-" + cpu);
        if (!System.getProperty("os.name").equals("Linux") || cpu.isEmpty() || !Files.isDirectory(dir)) return List.of();
        return List.of("-Djava.library.path=" + dir, "-Dfr.acinq.secp256k1.lib.path=" + dir, "-Dorg.sqlite.lib.path=" + dir);
    }

    public int rpcPort() {
        return rpcPort;
    }

    public int p2pPort() {
        return p2pPort;
    }

    public Path datadir() {
        return datadir;
    }

    public Path networkDir() {
        return datadir.resolve(networkDirName);
    }

    public NodeProcess start() throws Exception {
        List<String> cmd = new ArrayList<>();
        if (referenceBitcoind != null) {
            cmd.add(referenceBitcoind.toString());
        } else if (launcherEnvironment != null) {
            cmd.add(distribution().getParent().getParent().resolve("blocksmith").toString());
            cmd.add("node");
        } else {
            Path dist = distribution();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--add-opens");
            cmd.add("java.base/sun.security.provider=ALL-UNNAMED");
            cmd.add("-Xss4m");
            cmd.addAll(nativeLibraryOptions(dist));
            cmd.add("-cp");
            cmd.add(dist.resolve("node-cli.jar") + ":" + dist.resolve("lib") + "/*");
            cmd.add("dev.blocksmith.cli.Main");
            cmd.add("node");
        }
        cmd.add("-chain=" + chain);
        cmd.add("-datadir=" + datadir);
        cmd.add("-rpcport=" + rpcPort);
        cmd.add("-port=" + p2pPort);
        cmd.add("-printtoconsole=0");
        cmd.addAll(extraArgs);
        Files.createDirectories(datadir);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        if (launcherEnvironment != null) {
            builder.environment().put("BLOCKSMITH_NO_REBUILD", "1");
            builder.environment().putAll(launcherEnvironment);
        }
        process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(datadir.resolve("stdout.log").toFile())).start();
        try {
            waitForRpc(Duration.ofSeconds(60));
        } catch (Exception e) {
            // start() failed, so no try-with-resources will close this node: do not leave the process behind.
            process.destroyForcibly().waitFor();
            throw e;
        }
        return this;
    }

    private void waitForRpc(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + "; see " + datadir.resolve("stdout.log")
                        + ": " + tail(datadir.resolve("stdout.log")));
            }
            try {
                rpc("getblockcount");
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("RPC did not come up", last);
    }

    private static String tail(Path p) {
        try {
            List<String> lines = Files.readAllLines(p);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private String authHeader() throws IOException {
        String user = null;
        String password = null;
        for (String a : extraArgs) {
            if (a.startsWith("-rpcuser=")) user = a.substring("-rpcuser=".length());
            if (a.startsWith("-rpcpassword=")) password = a.substring("-rpcpassword=".length());
        }
        String cookie = user != null && password != null ? user + ":" + password
                : Files.readString(networkDir().resolve(".cookie")).strip();
        return "Basic " + Base64.getEncoder().encodeToString(cookie.getBytes(StandardCharsets.UTF_8));
    }

    /** Calls a method; returns its result or throws {@link RpcError}. */
    public JsonNode rpc(String method, Object... params) throws Exception {
        JsonNode reply = rawRpc(method, params);
        if (reply.hasNonNull("error")) throw new RpcError(reply.get("error").get("code").asInt(), reply.get("error").get("message").asText());
        return reply.get("result");
    }

    public JsonNode rawRpc(String method, Object... params) throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.put("jsonrpc", "2.0");
        req.put("id", 1);
        req.put("method", method);
        ArrayNode arr = req.putArray("params");
        for (Object p : params) arr.add(JSON.valueToTree(p));
        HttpRequest http = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rpcPort + "/"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", authHeader())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req))).build();
        HttpResponse<String> resp = HTTP.send(http, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(resp.body());
    }

    /** SIGTERM and wait; returns the exit code. */
    public int stop() throws InterruptedException {
        if (process == null) return -1;
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("node did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** Waits for the node to exit on its own; its exit code, or empty when it still runs after {@code timeout}. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        if (process == null || !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return java.util.OptionalInt.empty();
        return java.util.OptionalInt.of(process.exitValue());
    }

    /** The node's process id (the JVM's: the launcher execs it). */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the crash case. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    public String debugLog() throws IOException {
        return Files.readString(networkDir().resolve("debug.log"));
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    /** An RPC error reply. */
    public static final class RpcError extends Exception {
        private final int code;

        RpcError(int code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
