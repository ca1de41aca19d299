package dev.blocksmith.rpc.server;

/** The REST interface as the HTTP server sees it: which URIs it takes and the reply for one request. */
public interface RestEndpoint {
    /** Whether {@code uri} (raw, with its query string) is one of the REST paths. */
    boolean handles(String uri);

    /** Answers one request; runs on an RPC worker thread. */
    HttpReply handle(String method, String uri, byte[] body);
}
