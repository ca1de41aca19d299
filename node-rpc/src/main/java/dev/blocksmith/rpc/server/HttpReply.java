package dev.blocksmith.rpc.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP layer sends back: a status, a body and the headers that matter to RPC clients.
 *
 * @param status      HTTP status code
 * @param contentType content type of the body, empty for an empty body
 * @param body        response body (UTF-8)
 * @param headers     extra headers (e.g. WWW-Authenticate)
 */
public record HttpReply(int status, String contentType, String body, Map<String, String> headers) {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    public HttpReply {
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(body);
        headers = Map.copyOf(headers);
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

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
