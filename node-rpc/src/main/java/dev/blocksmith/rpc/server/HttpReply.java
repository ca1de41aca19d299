package dev.blocksmith.rpc.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP layer sends back: a status, a body and the headers that matter to RPC clients.
 *
 * @param status      HTTP status code
 * @param contentType content type of the body, empty for an empty body
 * @param content     response body bytes (UTF-8 text, or binary for REST's .bin formats)
 * @param headers     extra headers (e.g. WWW-Authenticate)
 */
public record HttpReply(int status, String contentType, byte[] content, Map<String, String> headers) {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    public HttpReply {
        Objects.requireNonNull(contentType);
        content = content.clone();
        headers = Map.copyOf(headers);
    }

    public HttpReply(int status, String contentType, String body, Map<String, String> headers) {
        this(status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, JSON, json, Map.of());
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

    /** The body as UTF-8 text. */
    public String body() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public byte[] bodyBytes() {
        return content.clone();
    }
}
