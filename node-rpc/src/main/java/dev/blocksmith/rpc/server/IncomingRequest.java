package dev.blocksmith.rpc.server;

import java.util.Optional;

/**
 * An HTTP request copied out of Netty's reference-counted buffers as soon as it is decoded, so the
 * worker threads only ever see plain immutable values.
 *
 * @param method        HTTP method name ("POST")
 * @param uri           the request URI as sent
 * @param authorization the Authorization header, if any
 * @param body          the body decoded as UTF-8
 * @param keepAlive     whether the connection stays open after the reply
 */
record IncomingRequest(String method, String uri, Optional<String> authorization, String body, boolean keepAlive) {}
