package dev.blocksmith.rpc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.auth.RpcWhitelist;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.json.StreamedJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the JSON-RPC body of an authenticated POST and shapes the reply exactly as bitcoind's
 * HTTPReq_JSONRPC does: single requests, batches and notifications; legacy 1.0 replies that carry
 * {@code result}, {@code error} and {@code id} with HTTP error statuses (400 invalid request,
 * 404 method not found, 500 otherwise); 2.0 replies with only one of result/error and HTTP 200.
 * Independent of the HTTP transport so it can be tested directly.
 */
public final class RpcDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RpcDispatcher.class);

    static final String WALLET_ENDPOINT = "/wallet/";

    private final MethodRegistry registry;
    private final RpcWarmup warmup;
    private final ActiveCommands activeCommands;
    private final RpcWhitelist whitelist;

    public RpcDispatcher(MethodRegistry registry, RpcWarmup warmup, ActiveCommands activeCommands) {
        this(registry, warmup, activeCommands, RpcWhitelist.NONE);
    }

    public RpcDispatcher(MethodRegistry registry, RpcWarmup warmup, ActiveCommands activeCommands,
                         RpcWhitelist whitelist) {
        this.registry = Objects.requireNonNull(registry);
        this.warmup = Objects.requireNonNull(warmup);
        this.activeCommands = Objects.requireNonNull(activeCommands);
        this.whitelist = Objects.requireNonNull(whitelist);
    }

    /**
     * Handles one request body.
     *
     * @param uri      the request URI ("/" or "/wallet/<name>")
     * @param authUser the authenticated user
     * @param body     the raw body
     */
    public HttpReply handle(String uri, String authUser, String body) {
        Optional<String> wallet = walletName(uri);
        // One envelope for the whole body, as bitcoind reuses its JSONRPCRequest: an error reply
        // carries whatever id and version were parsed before the error.
        Envelope env = new Envelope();
        try {
            JsonNode request = RpcJson.parse(body)
                    .orElseThrow(() -> new RpcException(RpcErrorCode.PARSE_ERROR, "Parse error"));
            if (!whitelist.userAllowed(authUser)) {
                log.warn("RPC User {} not allowed to call any methods", authUser);
                return HttpReply.empty(403);
            }
            List<Optional<String>> duplicates = DuplicateParamKeys.scan(body);
            if (request.isObject()) {
                env.parse(request);
                env.duplicateParam = duplicates.isEmpty() ? Optional.empty() : duplicates.get(0);
                if (whitelist.hasList(authUser) && !whitelist.methodAllowed(authUser, env.method)) {
                    log.warn("RPC User {} not allowed to call method {}", authUser, env.method);
                    return HttpReply.empty(403);
                }
                // Legacy requests let errors become HTTP errors; 2.0 requests catch them into the body.
                JsonNode reply = executeToReply(env, wallet, authUser, env.version == JsonRpcVersion.V2);
                if (env.isNotification()) {
                    // Notifications are executed but never answered.
                    return HttpReply.empty(204);
                }
                // A result of megabytes (getblock verbosity 2) is written to the connection as it is produced.
                if (StreamedJson.isStreamed(reply.path("result"))) return HttpReply.streamedJson(200, reply);
                return HttpReply.ownedJson(200, RpcJson.writeLine(reply));
            } else if (request.isArray()) {
                if (whitelist.hasList(authUser)) {
                    // bitcoind checks the whole batch before running any of it.
                    for (JsonNode element : request) {
                        if (!element.isObject()) {
                            throw new RpcException(RpcErrorCode.INVALID_REQUEST, "Invalid Request object");
                        }
                        JsonNode m = element.path("method");
                        if (!m.isTextual()) {
                            throw new RpcException(RpcErrorCode.PARSE_ERROR,
                                    JsonType.mismatchMessage(m.isMissingNode() ? NullNode.getInstance() : m, JsonType.STRING));
                        }
                        if (!whitelist.methodAllowed(authUser, m.textValue())) {
                            log.warn("RPC User {} not allowed to call method {}", authUser, m.textValue());
                            return HttpReply.empty(403);
                        }
                    }
                }
                ArrayNode replies = RpcJson.array();
                int index = 0;
                for (JsonNode element : request) {
                    // Batches never produce HTTP errors: every failure goes into its element's reply.
                    JsonNode response;
                    int i = index++;
                    env.duplicateParam = Optional.empty();
                    try {
                        env.parse(element);
                        env.duplicateParam = i < duplicates.size() ? duplicates.get(i) : Optional.empty();
                        response = executeToReply(env, wallet, authUser, true);
                    } catch (RpcException e) {
                        response = replyObject(null, errorObject(e), env.id, env.version);
                    }
                    if (!env.isNotification()) {
                        replies.add(response);
                    }
                }
                // An all-notification batch gets no body; an empty batch gets "[]" because such a
                // request carries no version and old clients expect an array back.
                if (replies.isEmpty() && !request.isEmpty()) {
                    return HttpReply.empty(204);
                }
                return HttpReply.ownedJson(200, RpcJson.writeLine(replies));
            } else {
                throw new RpcException(RpcErrorCode.PARSE_ERROR, "Top-level object parse error");
            }
        } catch (RpcException e) {
            return legacyErrorReply(e, env);
        }
    }

    private JsonNode executeToReply(Envelope env, Optional<String> wallet, String authUser, boolean catchErrors)
            throws RpcException {
        JsonNode result;
        try {
            result = execute(env, wallet, authUser);
        } catch (RpcException e) {
            if (!catchErrors) throw e;
            return replyObject(null, errorObject(e), env.id, env.version);
        } catch (RuntimeException e) {
            // A bug in a method, not a caller error: log it with its trace, reply like bitcoind
            // does for a std::exception (-1 with the message).
            log.error("RPC method {} failed", env.method, e);
            RpcException misc = RpcException.misc(e.getMessage() == null ? e.toString() : e.getMessage());
            if (!catchErrors) throw misc;
            return replyObject(null, errorObject(misc), env.id, env.version);
        }
        return replyObject(result, null, env.id, env.version);
    }

    /** bitcoind's CRPCTable::execute: warmup gate, lookup, argument binding, execution. */
    private JsonNode execute(Envelope env, Optional<String> wallet, String authUser) throws RpcException {
        // bitcoind's JSONRPCRequest::parse line (category rpc); tests wait for it to know a call arrived.
        if (log.isDebugEnabled()) log.debug("ThreadRPCServer method={} user={}", sanitize(env.method), sanitize(authUser));
        if (warmup.inWarmup()) {
            throw new RpcException(RpcErrorCode.IN_WARMUP, warmup.status());
        }
        RpcMethod method = registry.find(env.method)
                .orElseThrow(() -> new RpcException(RpcErrorCode.METHOD_NOT_FOUND, "Method not found"));
        if (env.duplicateParam.isPresent()) {
            throw RpcException.invalidParameter("Parameter " + env.duplicateParam.get() + " specified multiple times");
        }
        ActiveCommands.Handle active = activeCommands.start(env.method);
        try {
            ArrayNode args = ArgumentBinder.bind(method, env.params);
            JsonNode result = method.execute(new RpcRequest(env.method, args, method.params(), wallet, authUser));
            return result == null ? NullNode.getInstance() : result;
        } finally {
            active.close();
        }
    }

    private static HttpReply legacyErrorReply(RpcException e, Envelope env) {
        int status = switch (e.code()) {
            case INVALID_REQUEST -> 400;
            case METHOD_NOT_FOUND -> 404;
            default -> 500;
        };
        return HttpReply.ownedJson(status, RpcJson.writeLine(replyObject(null, errorObject(e), env.id, env.version)));
    }

    static ObjectNode errorObject(RpcException e) {
        ObjectNode error = RpcJson.object();
        error.put("code", e.code().code());
        error.put("message", e.getMessage());
        return error;
    }

    /** bitcoind's JSONRPCReplyObj. */
    static ObjectNode replyObject(JsonNode result, JsonNode error, Optional<JsonNode> id, JsonRpcVersion version) {
        ObjectNode reply = RpcJson.object();
        if (version == JsonRpcVersion.V2) reply.put("jsonrpc", "2.0");
        if (error == null) {
            reply.set("result", result);
            if (version == JsonRpcVersion.V1_LEGACY) reply.putNull("error");
        } else {
            if (version == JsonRpcVersion.V1_LEGACY) reply.putNull("result");
            reply.set("error", error);
        }
        id.ifPresent(v -> reply.set("id", v));
        return reply;
    }

    /** The wallet named by a {@code /wallet/<name>} URI, URL-decoded. */
    static Optional<String> walletName(String uri) {
        if (!uri.startsWith(WALLET_ENDPOINT)) return Optional.empty();
        return Optional.of(UrlDecoding.decode(uri.substring(WALLET_ENDPOINT.length())));
    }

    /** The request fields as bitcoind's JSONRPCRequest::parse reads them, step by step. */
    private static final class Envelope {
        /** Until a request object is parsed the id is JSON null, so a parse error replies {"id":null}. */
        Optional<JsonNode> id = Optional.of(NullNode.getInstance());
        JsonRpcVersion version = JsonRpcVersion.V1_LEGACY;
        String method = "";
        JsonNode params = RpcJson.array();
        /** A key the raw params object gave twice, which bitcoind refuses. */
        Optional<String> duplicateParam = Optional.empty();

        boolean isNotification() {
            return id.isEmpty() && version == JsonRpcVersion.V2;
        }

        void parse(JsonNode request) throws RpcException {
            if (!request.isObject()) {
                throw new RpcException(RpcErrorCode.INVALID_REQUEST, "Invalid Request object");
            }
            // The id first, so that every later error reply carries it.
            id = Optional.ofNullable(request.get("id"));

            version = JsonRpcVersion.V1_LEGACY;
            JsonNode jsonrpc = request.get("jsonrpc");
            if (jsonrpc != null && !jsonrpc.isNull()) {
                if (!jsonrpc.isTextual()) {
                    throw new RpcException(RpcErrorCode.INVALID_REQUEST, "jsonrpc field must be a string");
                }
                // Some old documentation put "1.0" in requests; it still means legacy.
                switch (jsonrpc.textValue()) {
                    case "1.0" -> version = JsonRpcVersion.V1_LEGACY;
                    case "2.0" -> version = JsonRpcVersion.V2;
                    default -> throw new RpcException(RpcErrorCode.INVALID_REQUEST, "JSON-RPC version not supported");
                }
            }

            JsonNode m = request.get("method");
            if (m == null || m.isNull()) {
                throw new RpcException(RpcErrorCode.INVALID_REQUEST, "Missing method");
            }
            if (!m.isTextual()) {
                throw new RpcException(RpcErrorCode.INVALID_REQUEST, "Method must be a string");
            }
            method = m.textValue();

            JsonNode p = request.get("params");
            if (p == null || p.isNull()) {
                params = RpcJson.array();
            } else if (p.isArray() || p.isObject()) {
                params = p;
            } else {
                throw new RpcException(RpcErrorCode.INVALID_REQUEST, "Params must be an array or object");
            }
        }
    }

    /** bitcoind's SanitizeString (SAFE_CHARS_DEFAULT): drops characters that could forge log lines. */
    private static String sanitize(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || " .,;-_/:?@()".indexOf(c) >= 0) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
