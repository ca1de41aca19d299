package dev.blocksmith.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.json.RpcJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSON-RPC client that talks to the node as bitcoin-cli does: one JSON-RPC 2.0 request per call,
 * HTTP Basic credentials from user/password or the cookie file, the wallet endpoint for
 * {@code -rpcwallet}, and with {@code -rpcwait} retries (once a second) while the server is
 * unreachable or warming up.
 */
public final class RpcClient {
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final RpcClientConfig config;
    private final HttpClient http;

    public RpcClient(RpcClientConfig config) {
        this.config = Objects.requireNonNull(config);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    public RpcClientConfig config() {
        return config;
    }

    /**
     * Sends one call and returns the reply object (with {@code result} or {@code error}); an RPC
     * error is a normal reply, not an exception.
     *
     * @param params positional array or named object
     * @throws ConnectionFailedException the server could not be reached (after waiting, with -rpcwait)
     * @throws RpcClientException        credentials refused, HTTP error or unreadable reply
     */
    public ObjectNode call(String method, JsonNode params) throws RpcClientException, InterruptedException {
        long deadline = System.nanoTime() + config.waitTimeout().toNanos();
        while (true) {
            try {
                ObjectNode reply = callOnce(method, params);
                if (config.waitForServer() && isWarmupError(reply)) {
                    throw new ConnectionFailedException("server in warmup");
                }
                return reply;
            } catch (ConnectionFailedException e) {
                boolean timeLeft = config.waitTimeout().isZero() || System.nanoTime() < deadline;
                if (config.waitForServer() && timeLeft) {
                    Thread.sleep(RETRY_INTERVAL);
                } else {
                    throw new ConnectionFailedException("timeout on transient error: " + e.getMessage());
                }
            }
        }
    }

    private static boolean isWarmupError(ObjectNode reply) {
        JsonNode error = reply.path("error");
        return error.isObject() && error.path("code").asInt() == RpcErrorCode.IN_WARMUP.code();
    }

    private ObjectNode callOnce(String method, JsonNode params) throws RpcClientException, InterruptedException {
        Optional<String> userPass = config.credentials().userColonPassword();
        boolean noCookie = userPass.isEmpty();

        ObjectNode request = RpcJson.object();
        request.put("method", method);
        request.set("params", params);
        request.put("id", 1);
        request.put("jsonrpc", "2.0");

        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint())
                .POST(HttpRequest.BodyPublishers.ofString(RpcJson.write(request) + "\n"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(userPass.orElse("").getBytes(StandardCharsets.UTF_8)));
        if (!config.clientTimeout().isZero()) {
            builder.timeout(config.clientTimeout());
        }

        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw couldNotConnect();
        } catch (IOException e) {
            // Reset or closed before any reply: to the user this is the same as no server.
            throw couldNotConnect();
        }

        int status = response.statusCode();
        String body = response.body();
        if (status == 401) {
            if (noCookie) {
                throw new RpcClientException("Could not locate RPC credentials. No authentication cookie could be found, "
                        + "and RPC password is not set.  See -rpcpassword and -stdinrpcpass.  Configuration file: ("
                        + config.configFile().map(Object::toString).orElse("") + ")");
            }
            throw new RpcClientException("Authorization failed: Incorrect rpcuser or rpcpassword");
        }
        if (status == 503) {
            throw new RpcClientException("Server response: " + body);
        }
        // 400, 404 and 500 carry a JSON-RPC error body from legacy servers; other errors do not.
        if (status >= 400 && status != 400 && status != 404 && status != 500) {
            throw new RpcClientException("server returned HTTP error " + status);
        }
        if (body.isEmpty()) {
            throw new RpcClientException("no response from server");
        }
        JsonNode reply = RpcJson.parse(body).orElseThrow(() -> new RpcClientException("couldn't parse reply from server"));
        if (!reply.isObject() || reply.isEmpty()) {
            throw new RpcClientException("expected reply to have result, error and id properties");
        }
        return (ObjectNode) reply;
    }

    private ConnectionFailedException couldNotConnect() {
        return new ConnectionFailedException("Could not connect to the server " + config.host() + ":" + config.port()
                + "\n\nMake sure the Blocksmith node is running and that you are connecting to the correct RPC port."
                + "\nUse \"blocksmith cli -help\" for more info.");
    }

    private URI endpoint() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        String path = config.wallet().map(w -> "/wallet/" + uriEncode(w)).orElse("/");
        return URI.create("http://" + host + ":" + config.port() + path);
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, as libevent's evhttp_uriencode. */
    static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
