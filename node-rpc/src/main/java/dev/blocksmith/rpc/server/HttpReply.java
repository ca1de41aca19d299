package dev.blocksmith.rpc.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.json.RpcJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the HTTP layer sends back: a status, a body and the headers that matter to RPC clients. Immutable: the body
 * is copied in and out, except on the server's own path ({@link #ownedJson}, {@link #wireBody}), where a reply of
 * megabytes (getblock verbosity 2 of a full block) is handed to the socket without further copies, or, for a result
 * written as it is produced ({@link #streamedJson}), never held whole at all.
 */
public final class HttpReply {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private final int status;
    private final String contentType;
    private final byte[] content;
    private final Map<String, String> headers;
    /** A JSON reply the server writes to the connection as it is produced; {@link #content} is then empty. */
    private final Optional<JsonNode> streamed;

    /**
     * @param status      HTTP status code
     * @param contentType content type of the body, empty for an empty body
     * @param content     response body bytes (UTF-8 text, or binary for REST's .bin formats)
     * @param headers     extra headers (e.g. WWW-Authenticate)
     */
    public HttpReply(int status, String contentType, byte[] content, Map<String, String> headers) {
        this(status, contentType, headers, content.clone());
    }

    public HttpReply(int status, String contentType, String body, Map<String, String> headers) {
        this(status, contentType, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpReply(int status, String contentType, Map<String, String> headers, byte[] owned) {
        this(status, contentType, headers, owned, Optional.empty());
    }

    private HttpReply(int status, String contentType, Map<String, String> headers, byte[] owned,
                      Optional<JsonNode> streamed) {
        this.status = status;
        this.contentType = Objects.requireNonNull(contentType);
        this.content = owned;
        this.headers = Map.copyOf(headers);
        this.streamed = streamed;
    }

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, JSON, json, Map.of());
    }

    /** A JSON body the caller wrote for this reply alone and never touches again. */
    static HttpReply ownedJson(int status, byte[] json) {
        return new HttpReply(status, JSON, Map.of(), json);
    }

    /**
     * A JSON reply (one line, as {@link RpcJson#writeLine(JsonNode)}) that the server writes out while serialising it:
     * for results of megabytes ({@link dev.blocksmith.rpc.json.StreamedJson}). The reply's node is never touched again
     * by the caller.
     */
    public static HttpReply streamedJson(int status, JsonNode reply) {
        return new HttpReply(status, JSON, Map.of(), new byte[0], Optional.of(reply));
    }

    public static HttpReply text(int status, String text) {
        return new HttpReply(status, TEXT, text, Map.of());
    }

    public static HttpReply empty(int status) {
        return new HttpReply(status, "", "", Map.of());
    }

    /** A body of raw bytes with its content type (REST's application/octet-stream replies). */
    public static HttpReply bytes(int status, String contentType, byte[] body) {
        return new HttpReply(status, contentType, body, Map.of());
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body as UTF-8 text. */
    public String body() {
        return new String(wireBody(), StandardCharsets.UTF_8);
    }

    public byte[] content() {
        return streamed.isPresent() ? wireBody() : content.clone();
    }

    public byte[] bodyBytes() {
        return content();
    }

    /** The reply to write out as it is produced, if it is one (see {@link #streamedJson}). */
    Optional<JsonNode> streamedJson() {
        return streamed;
    }

    /** The body itself, for the server to write out (read-only by contract); a streamed reply written whole. */
    byte[] wireBody() {
        return streamed.map(RpcJson::writeLine).orElse(content);
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + " " + contentType + ", "
                + (streamed.isPresent() ? "streamed" : content.length + " bytes") + "]";
    }
}
