package dev.blocksmith.rpc.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP layer sends back: a status, a body and the headers that matter to RPC clients. Immutable: the body
 * is copied in and out, except on the server's own path ({@link #ownedJson}, {@link #wireBody}), where a reply of
 * megabytes (getblock verbosity 2 of a full block) is handed to the socket without further copies.
 */
public final class HttpReply {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private final int status;
    private final String contentType;
    private final byte[] content;
    private final Map<String, String> headers;

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
        this.status = status;
        this.contentType = Objects.requireNonNull(contentType);
        this.content = owned;
        this.headers = Map.copyOf(headers);
    }

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, JSON, json, Map.of());
    }

    /** A JSON body the caller wrote for this reply alone and never touches again. */
    static HttpReply ownedJson(int status, byte[] json) {
        return new HttpReply(status, JSON, Map.of(), json);
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
        return new String(content, StandardCharsets.UTF_8);
    }

    public byte[] content() {
        return content.clone();
    }

    public byte[] bodyBytes() {
        return content.clone();
    }

    /** The body itself, for the server to write out (read-only by contract). */
    byte[] wireBody() {
        return content;
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + " " + contentType + ", " + content.length + " bytes]";
    }
}
