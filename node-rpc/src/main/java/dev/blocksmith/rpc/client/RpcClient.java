package dev.blocksmith.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.json.RpcJson;
import java.io.IOException;
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

    public RpcClient(RpcClientConfig config) {
        this.config = Objects.requireNonNull(config);
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
        return callWithParamsJson(method, RpcJson.write(params));
    }

    /**
     * One call whose params are already JSON text: bitcoin-cli -named can send an object with a key twice
     * (an explicit {@code args} and the positional ones), which the server must see to refuse it.
     */
    public ObjectNode callWithParamsJson(String method, String paramsJson) throws RpcClientException, InterruptedException {
        String body = "{\"method\":" + RpcJson.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(method))
                + ",\"params\":" + paramsJson + ",\"id\":1,\"jsonrpc\":\"2.0\"}";
        JsonNode reply = send(body);
        if (!reply.isObject() || reply.isEmpty()) {
            throw new RpcClientException("expected reply to have result, error and id properties");
        }
        return (ObjectNode) reply;
    }

    /** A JSON-RPC batch (bitcoin-cli -getinfo and -netinfo): the replies array as the server sent it. */
    public ArrayNode callBatch(ArrayNode requests) throws RpcClientException, InterruptedException {
        JsonNode reply = send(RpcJson.write(requests));
        if (!reply.isArray()) {
            if (reply.isObject() && !reply.path("error").isNull() && !reply.path("error").isMissingNode()) {
                throw new BatchRefusedException((ObjectNode) reply);
            }
            throw new RpcClientException("Batch must be an array");
        }
        return (ArrayNode) reply;
    }

    /** The server answered a batch with one error object (e.g. the wallet of -rpcwallet is not loaded). */
    public static final class BatchRefusedException extends RpcClientException {
        private static final long serialVersionUID = 1L;
        private final transient ObjectNode reply;

        BatchRefusedException(ObjectNode reply) {
            super("batch refused");
            this.reply = reply;
        }

        public ObjectNode reply() {
            return reply;
        }
    }

    /** Sends a body with bitcoin-cli's -rpcwait loop around it. */
    private JsonNode send(String body) throws RpcClientException, InterruptedException {
        long deadline = System.nanoTime() + config.waitTimeout().toNanos();
        while (true) {
            try {
                JsonNode reply = sendOnce(body);
                if (config.waitForServer() && reply.isObject() && isWarmupError((ObjectNode) reply)) {
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

    private JsonNode sendOnce(String body) throws RpcClientException, InterruptedException {
        Optional<String> userPass = config.credentials().userColonPassword();

        String authorization = "Basic " + Base64.getEncoder().encodeToString(userPass.orElse("").getBytes(StandardCharsets.UTF_8));
        HttpExchange.Response response;
        try {
            response = HttpExchange.post(config.host(), config.port(), path(), authorization, body + "\n", config.clientTimeout());
        } catch (IOException e) {
            // Refused, reset or closed before any reply: to the user this is the same as no server.
            throw couldNotConnect();
        }

        int status = response.status();
        String text = response.body();
        if (status == 401) {
            throw new RpcClientException(unauthorized());
        }
        if (status == 503) {
            throw new RpcClientException("Server response: " + text);
        }
        // 400, 404 and 500 carry a JSON-RPC error body from legacy servers; other errors do not.
        if (status >= 400 && status != 400 && status != 404 && status != 500) {
            throw new RpcClientException("server returned HTTP error " + status);
        }
        if (text.isEmpty()) {
            throw new RpcClientException("no response from server");
        }
        return RpcJson.parse(text).orElseThrow(() -> new RpcClientException("couldn't parse reply from server"));
    }

    /**
     * bitcoin-cli's texts for a 401: when no password was given and no cookie could be read there were no
     * credentials to send at all.
     */
    private String unauthorized() {
        String conf = " Configuration file: (" + config.configFile().map(Object::toString).orElse("") + ")";
        return switch (config.credentials()) {
            case RpcCredentials.UserPassword up -> "Authorization failed: Incorrect rpcuser or rpcpassword were specified." + conf;
            case RpcCredentials.CookieFile cf -> cf.userColonPassword().isEmpty()
                    ? "Could not locate RPC credentials. No authentication cookie could be found, and RPC password is not set."
                            + "  See -rpcpassword and -stdinrpcpass." + conf
                    : "Authorization failed: Cookie file credentials were invalid and no rpcpassword was specified." + conf;
            case RpcCredentials.NoCookie nc ->
                    "Authorization failed: Cookie file was disabled via -norpccookiefile and no rpcpassword was specified." + conf;
        };
    }

    private ConnectionFailedException couldNotConnect() {
        return new ConnectionFailedException("Could not connect to the server " + config.host() + ":" + config.port()
                + "\n\nMake sure the bitcoind server is running and that you are connecting to the correct RPC port."
                + "\nUse \"bitcoin-cli -help\" for more info.");
    }

    private String path() {
        return config.wallet().map(w -> "/wallet/" + uriEncode(w)).orElse("/");
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
