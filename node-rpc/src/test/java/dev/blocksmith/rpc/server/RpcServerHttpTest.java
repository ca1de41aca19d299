package dev.blocksmith.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.auth.RpcAuthenticator;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.control.ControlMethods;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server over real loopback HTTP, checked against bitcoind's observable behaviour. */
class RpcServerHttpTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TestMethods.HeightMethod height = new TestMethods.HeightMethod();
    private final TestMethods.BlockingMethod blocking = new TestMethods.BlockingMethod();
    private final RpcWarmup warmup = new RpcWarmup();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicReference<ReadinessProbe.NodeReadiness> readiness =
            new AtomicReference<>(new ReadinessProbe.NodeReadiness(true, false));
    private RpcServer server;

    private void start(Consumer<RpcServerConfig.Builder> customise) throws IOException {
        MethodRegistry registry = new MethodRegistry();
        ActiveCommands active = new ActiveCommands();
        ControlMethods.register(registry, active, Instant.now(), Clock.systemUTC(), Path.of("debug.log"),
                () -> stopRequested.set(true));
        registry.register(height).register(blocking).register(new TestMethods.WalletNameMethod())
                .register(new TestMethods.StreamedMethod());
        RpcServerConfig.Builder b = RpcServerConfig.builder(RpcAuthenticator.builder().userPassword(USER, PASSWORD).build())
                .bindAddresses(List.of(new InetSocketAddress("127.0.0.1", 0)))
                .readiness(readiness::get);
        customise.accept(b);
        server = RpcServer.start(b.build(), registry, warmup, active);
        warmup.finish();
    }

    private void start() throws IOException {
        start(b -> {});
    }

    @AfterEach
    void stop() {
        blocking.release.countDown();
        if (server != null) server.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, basic(USER, PASSWORD));
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20));
        if (authorization != null) req.header("Authorization", authorization);
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) {
        return RpcJson.parse(r.body()).orElseThrow();
    }

    @Test
    void legacyRequestGetsResultErrorAndId() throws Exception {
        start();
        HttpResponse<String> r = post("/", "{\"method\":\"getblockhash\",\"params\":[1],\"id\":7}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"result\":\"" + "%064x".formatted(1) + "\",\"error\":null,\"id\":7}\n");
    }

    @Test
    void jsonRpc2RequestGetsOnlyResult() throws Exception {
        start();
        HttpResponse<String> r = post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":[2],\"id\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"" + "%064x".formatted(2) + "\",\"id\":\"x\"}\n");
    }

    @Test
    void unknownMethodIs404InLegacyAnd200In2() throws Exception {
        start();
        HttpResponse<String> legacy = post("/", "{\"method\":\"nosuch\",\"params\":[],\"id\":1}");
        assertThat(legacy.statusCode()).isEqualTo(404);
        assertThat(legacy.body()).isEqualTo(
                "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}\n");
        HttpResponse<String> v2 = post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"nosuch\",\"id\":1}");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(v2.body()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}\n");
    }

    @Test
    void methodErrorsAre500InLegacyAnd200In2() throws Exception {
        start();
        HttpResponse<String> legacy = post("/", "{\"method\":\"getblockhash\",\"params\":[42],\"id\":1}");
        assertThat(legacy.statusCode()).isEqualTo(500);
        assertThat(json(legacy).at("/error/code").asInt()).isEqualTo(-8);
        assertThat(json(legacy).at("/error/message").asText()).isEqualTo("Block height out of range");
        HttpResponse<String> v2 = post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":[42],\"id\":1}");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(json(v2).at("/error/code").asInt()).isEqualTo(-8);
    }

    @Test
    void malformedJsonIsParseError() throws Exception {
        start();
        HttpResponse<String> r = post("/", "this is bad");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}\n");
        HttpResponse<String> empty = post("/", "");
        assertThat(empty.statusCode()).isEqualTo(500);
        assertThat(json(empty).at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void nonObjectTopLevelIsParseErrorAndInvalidFieldsAreInvalidRequest() throws Exception {
        start();
        HttpResponse<String> scalar = post("/", "42");
        assertThat(scalar.statusCode()).isEqualTo(500);
        assertThat(json(scalar).at("/error/message").asText()).isEqualTo("Top-level object parse error");
        assertThat(json(scalar).at("/error/code").asInt()).isEqualTo(-32700);

        HttpResponse<String> badVersion = post("/", "{\"jsonrpc\":2,\"method\":\"getblockhash\"}");
        assertThat(badVersion.statusCode()).isEqualTo(400);
        assertThat(badVersion.body()).isEqualTo(
                "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"jsonrpc field must be a string\"}}\n");
        HttpResponse<String> v3 = post("/", "{\"jsonrpc\":\"3.0\",\"method\":\"getblockhash\"}");
        assertThat(v3.statusCode()).isEqualTo(400);
        assertThat(json(v3).at("/error/message").asText()).isEqualTo("JSON-RPC version not supported");
        HttpResponse<String> noMethod = post("/", "{\"id\":3}");
        assertThat(noMethod.statusCode()).isEqualTo(400);
        assertThat(noMethod.body()).isEqualTo(
                "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Missing method\"},\"id\":3}\n");
        HttpResponse<String> badParams = post("/", "{\"method\":\"getblockhash\",\"params\":5,\"id\":3}");
        assertThat(badParams.statusCode()).isEqualTo(400);
        assertThat(json(badParams).at("/error/message").asText()).isEqualTo("Params must be an array or object");
    }

    @Test
    void wrongParamTypesAreTypeErrors() throws Exception {
        start();
        HttpResponse<String> r = post("/", "{\"method\":\"getblockhash\",\"params\":[\"1\"],\"id\":1}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(-3);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("""
                Wrong type passed:
                {
                    "Position 1 (height)": "JSON value of type string is not of expected type number"
                }""");
    }

    @Test
    void wrongArgumentCountRepliesWithHelp() throws Exception {
        start();
        HttpResponse<String> r = post("/", "{\"method\":\"getblockhash\",\"params\":[],\"id\":1}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(-1);
        assertThat(json(r).at("/error/message").asText()).startsWith("getblockhash height\n\nReturns hash of block");
    }

    @Test
    void namedParametersMapToPositions() throws Exception {
        start();
        HttpResponse<String> r = post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":{\"height\":3},\"id\":1}");
        assertThat(json(r).get("result").asText()).isEqualTo("%064x".formatted(3));
        HttpResponse<String> unknown = post("/",
                "{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":{\"heigth\":3},\"id\":1}");
        assertThat(json(unknown).at("/error/code").asInt()).isEqualTo(-8);
        assertThat(json(unknown).at("/error/message").asText()).isEqualTo("Unknown named parameter heigth");
    }

    @Test
    void batchRepliesPerElement() throws Exception {
        start();
        String body = """
                [{"jsonrpc":"2.0","method":"getblockhash","params":[1],"id":1},
                 {"method":"invalidmethod","id":2},
                 {"jsonrpc":"2.0","method":"getblockhash","params":[4]},
                 {"pizza":"sausage","id":4},
                 5]""";
        HttpResponse<String> r = post("/", body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode replies = json(r);
        // The notification (third element) gets no entry.
        assertThat(replies).hasSize(4);
        assertThat(replies.get(0).toString()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"result\":\"" + "%064x".formatted(1) + "\",\"id\":1}");
        assertThat(replies.get(1).toString()).isEqualTo(
                "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":2}");
        assertThat(replies.get(2).toString()).isEqualTo(
                "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Missing method\"},\"id\":4}");
        // A non-object element keeps the previous element's id, as bitcoind reuses its request state.
        assertThat(replies.get(3).toString()).isEqualTo(
                "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request object\"},\"id\":4}");
        assertThat(height.calls.get()).isEqualTo(2);
    }

    @Test
    void emptyBatchIsEmptyArrayAndAllNotificationBatchIsNoContent() throws Exception {
        start();
        HttpResponse<String> empty = post("/", "[]");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("[]\n");
        HttpResponse<String> notes = post("/",
                "[{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":[1]},{\"jsonrpc\":\"2.0\",\"method\":\"nosuch\"}]");
        assertThat(notes.statusCode()).isEqualTo(204);
        assertThat(notes.body()).isEmpty();
        assertThat(height.calls.get()).isEqualTo(1);
    }

    @Test
    void notificationIsExecutedButNotAnswered() throws Exception {
        start();
        HttpResponse<String> r = post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":[1]}");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(height.calls.get()).isEqualTo(1);
        // Errors of notifications are not reported either.
        HttpResponse<String> failing = post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":[99]}");
        assertThat(failing.statusCode()).isEqualTo(204);
        // "id": null is not a notification.
        HttpResponse<String> nullId = post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":[1],\"id\":null}");
        assertThat(nullId.statusCode()).isEqualTo(200);
        assertThat(json(nullId).get("id").isNull()).isTrue();
    }

    @Test
    void missingAuthIs401WithChallengeAndNoDelay() throws Exception {
        start();
        HttpResponse<String> r = post("/", "{\"method\":\"uptime\",\"id\":1}", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"jsonrpc\"");
    }

    @Test
    void wrongPasswordIs401AfterDelay() throws Exception {
        start();
        long t0 = System.nanoTime();
        HttpResponse<String> r = post("/", "{\"method\":\"getblockhash\",\"params\":[1],\"id\":1}", basic(USER, "wrong"));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"jsonrpc\"");
        assertThat(elapsedMs).isGreaterThanOrEqualTo(250);
        assertThat(height.calls.get()).isZero();
        assertThat(post("/", "{}", basic("mallory", PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(post("/", "{}", "Bearer abc").statusCode()).isEqualTo(401);
    }

    @Test
    void oversizedBodyIs413AndNotExecuted() throws Exception {
        start(b -> b.maxBodyBytes(1024));
        String body = "{\"method\":\"getblockhash\",\"params\":[1],\"id\":1,\"pad\":\"" + "x".repeat(4096) + "\"}";
        // A raw socket: the server may answer before the whole body is sent, which some clients
        // report as a broken pipe instead of showing the status.
        String status = rawPost(body);
        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(height.calls.get()).isZero();
        // A body just under the limit still works.
        String ok = "{\"method\":\"getblockhash\",\"params\":[1],\"id\":1,\"pad\":\"" + "x".repeat(900) + "\"}";
        assertThat(post("/", ok).statusCode()).isEqualTo(200);
        assertThat(height.calls.get()).isEqualTo(1);
    }

    private String rawPost(String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(USER, PASSWORD)
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException closedEarly) {
                // The server may close after its 413; the status line is still readable.
            }
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') line.append((char) c);
            return line.toString();
        }
    }

    @Test
    void fullWorkQueueAnswers503() throws Exception {
        start(b -> b.threads(1).workQueueDepth(1));
        String call = "{\"method\":\"block\",\"id\":1}";
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(request(call), HttpResponse.BodyHandlers.ofString());
        long deadline = System.currentTimeMillis() + 5000;
        while (blocking.started.get() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertThat(blocking.started.get()).isEqualTo(1);
        CompletableFuture<HttpResponse<String>> second = http.sendAsync(request(call), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> third = http.sendAsync(request(call), HttpResponse.BodyHandlers.ofString());
        // One of the two later calls waits in the queue, the other finds it full.
        HttpResponse<?> rejected = (HttpResponse<?>) CompletableFuture.anyOf(second, third).get(5, TimeUnit.SECONDS);
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(rejected.body()).isEqualTo("Work queue depth exceeded");
        blocking.release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        HttpResponse<String> other = second.get(5, TimeUnit.SECONDS) == rejected ? third.get(5, TimeUnit.SECONDS)
                : second.get(5, TimeUnit.SECONDS);
        assertThat(other.statusCode()).isEqualTo(200);
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", basic(USER, PASSWORD)).timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void walletEndpointPassesDecodedWalletName() throws Exception {
        start();
        HttpResponse<String> r = post("/wallet/my%20wallet", "{\"method\":\"getwalletname\",\"id\":1}");
        assertThat(json(r).get("result").asText()).isEqualTo("my wallet|alice");
        HttpResponse<String> root = post("/", "{\"method\":\"getwalletname\",\"id\":1}");
        assertThat(json(root).get("result").asText()).isEqualTo("<none>|alice");
    }

    @Test
    void onlyPostOnRpcPathsAndUnknownPathsAre404() throws Exception {
        start();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("/")).GET()
                .header("Authorization", basic(USER, PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).isEqualTo("JSONRPC server handles only POST requests");
        assertThat(post("/rest/chaininfo.json", "{}").statusCode()).isEqualTo(404);
        assertThat(post("/health", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void healthNeedsNoAuth() throws Exception {
        start();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void readyFollowsWarmupChainAndIbd() throws Exception {
        start(b -> b.readyDuringIbd(false));
        assertThat(getReady().statusCode()).isEqualTo(200);
        readiness.set(new ReadinessProbe.NodeReadiness(true, true));
        HttpResponse<String> ibd = getReady();
        assertThat(ibd.statusCode()).isEqualTo(503);
        assertThat(json(ibd).get("initial_block_download").asBoolean()).isTrue();
        readiness.set(new ReadinessProbe.NodeReadiness(false, false));
        assertThat(getReady().statusCode()).isEqualTo(503);
    }

    @Test
    void readyDuringIbdWhenAllowedButNeverInWarmup() throws Exception {
        start(b -> b.readyDuringIbd(true));
        readiness.set(new ReadinessProbe.NodeReadiness(true, true));
        assertThat(getReady().statusCode()).isEqualTo(200);
        server.close();
        server = null;
        RpcWarmup fresh = new RpcWarmup();
        MethodRegistry registry = new MethodRegistry();
        server = RpcServer.start(RpcServerConfig.builder(RpcAuthenticator.builder().userPassword(USER, PASSWORD).build())
                .readiness(readiness::get).readyDuringIbd(true).build(), registry, fresh, new ActiveCommands());
        HttpResponse<String> r = getReady();
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("rpc").asBoolean()).isFalse();
    }

    private HttpResponse<String> getReady() throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void warmupAnswersMinus28WithStatus() throws Exception {
        start();
        RpcWarmup w = new RpcWarmup();
        server.close();
        MethodRegistry registry = new MethodRegistry();
        registry.register(height);
        server = RpcServer.start(RpcServerConfig.builder(RpcAuthenticator.builder().userPassword(USER, PASSWORD).build())
                .build(), registry, w, new ActiveCommands());
        w.setStatus("Loading block index…");
        HttpResponse<String> r = post("/", "{\"method\":\"getblockhash\",\"params\":[1],\"id\":1}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(-28);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("Loading block index…");
        w.finish();
        assertThat(post("/", "{\"method\":\"getblockhash\",\"params\":[1],\"id\":1}").statusCode()).isEqualTo(200);
    }

    @Test
    void stopCallsShutdownHookAndReplies() throws Exception {
        start();
        HttpResponse<String> r = post("/", "{\"jsonrpc\":\"2.0\",\"method\":\"stop\",\"id\":1}");
        assertThat(json(r).get("result").asText()).isEqualTo("Blocksmith stopping");
        assertThat(stopRequested).isTrue();
    }

    @Test
    void keepAliveConnectionServesSequentialAndPipelinedRequests() throws Exception {
        start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            StringBuilder both = new StringBuilder();
            for (int h : new int[] {1, 2}) {
                String body = "{\"method\":\"getblockhash\",\"params\":[" + h + "],\"id\":" + h + "}";
                both.append("POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ").append(basic(USER, PASSWORD))
                        .append("\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
            }
            s.getOutputStream().write(both.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String replies = readAtLeast(s.getInputStream(), "\"id\":2}");
            assertThat(replies.indexOf("\"id\":1}")).isLessThan(replies.indexOf("\"id\":2}"));
        }
    }

    private static String readAtLeast(InputStream in, String marker) throws IOException {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[4096];
        while (!out.toString().contains(marker)) {
            int n = in.read(buf);
            if (n < 0) break;
            out.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
        }
        return out.toString();
    }

    /** The reply a streamed result must produce: what the buffered path writes for the same JSON. */
    private static String streamedReply(int count, int id) {
        return "{\"result\":[" + String.join(",", java.util.Collections.nCopies(count,
                "\"" + TestMethods.StreamedMethod.ITEM + "\"")) + "],\"error\":null,\"id\":" + id + "}\n";
    }

    /** Sends raw HTTP requests on one connection and reads until {@code marker}: status lines, headers and bodies. */
    private String rawExchange(String version, String marker, String... bodies) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            StringBuilder requests = new StringBuilder();
            for (String body : bodies) {
                requests.append("POST / ").append(version).append("\r\nHost: x\r\nConnection: keep-alive\r\nAuthorization: ")
                        .append(basic(USER, PASSWORD)).append("\r\nContent-Length: ").append(body.length())
                        .append("\r\n\r\n").append(body);
            }
            s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return readAtLeast(s.getInputStream(), marker);
        }
    }

    @Test
    void largeStreamedResultIsSentChunkedAndEqualsTheBufferedReply() throws Exception {
        start();
        // About 1 MB: many chunks.
        HttpResponse<String> r = post("/", "{\"method\":\"stream\",\"params\":[10000],\"id\":3}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo(streamedReply(10_000, 3));
        String raw = rawExchange("HTTP/1.1", "0\r\n\r\n", "{\"method\":\"stream\",\"params\":[10000],\"id\":3}");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("transfer-encoding: chunked").doesNotContain("content-length");
    }

    @Test
    void smallStreamedResultKeepsItsContentLength() throws Exception {
        start();
        String raw = rawExchange("HTTP/1.1", "\"id\":4}\n", "{\"method\":\"stream\",\"params\":[3],\"id\":4}");
        assertThat(raw.toLowerCase(java.util.Locale.ROOT)).contains("content-length: " + streamedReply(3, 4).length())
                .doesNotContain("chunked");
        assertThat(raw).endsWith(streamedReply(3, 4));
    }

    @Test
    void http10ClientGetsALargeResultWithContentLength() throws Exception {
        start();
        String expected = streamedReply(5000, 5);
        String raw = rawExchange("HTTP/1.0", "\"id\":5}\n", "{\"method\":\"stream\",\"params\":[5000],\"id\":5}");
        assertThat(raw.toLowerCase(java.util.Locale.ROOT)).contains("content-length: " + expected.length())
                .doesNotContain("chunked");
        assertThat(raw).endsWith(expected);
    }

    @Test
    void pipelinedRequestAfterAStreamedReplyIsAnsweredInOrder() throws Exception {
        start();
        String raw = rawExchange("HTTP/1.1", "\"id\":7}",
                "{\"method\":\"stream\",\"params\":[5000],\"id\":6}",
                "{\"method\":\"getblockhash\",\"params\":[1],\"id\":7}");
        int end = raw.indexOf("0\r\n\r\n");
        assertThat(end).isPositive();
        assertThat(raw.indexOf("\"id\":7}")).isGreaterThan(end);
    }
}
