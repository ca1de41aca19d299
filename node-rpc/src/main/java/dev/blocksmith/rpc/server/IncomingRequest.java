package dev.blocksmith.rpc.server;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An HTTP request copied out of Netty's reference-counted buffers as soon as it is decoded, so the
 * worker threads only ever see plain immutable values.
 *
 * @param method        HTTP method name ("POST")
 * @param uri           the request URI as sent
 * @param authorization the Authorization header, if any
 * @param content       the body bytes (REST's getutxos takes binary bodies)
 * @param keepAlive     whether the connection stays open after the reply
 * @param http11        whether the client speaks HTTP/1.1, so that a reply may be sent in chunked encoding
 */
record IncomingRequest(String method, String uri, Optional<String> authorization, byte[] content, boolean keepAlive,
                       boolean http11) {
    IncomingRequest {
        content = content.clone();
    }

    /** The body decoded as UTF-8 (JSON-RPC). */
    String body() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
