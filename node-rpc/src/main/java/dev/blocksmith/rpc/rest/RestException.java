package dev.blocksmith.rpc.rest;

/** A REST request refused with bitcoind's status code and message (RESTERR). */
final class RestException extends Exception {
    private final int status;

    RestException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static RestException badRequest(String message) {
        return new RestException(400, message);
    }

    static RestException notFound(String message) {
        return new RestException(404, message);
    }

    /** The reply for an unsupported extension, listing what the endpoint offers. */
    static RestException formatNotFound(String available) {
        return new RestException(404, "output format not found (available: " + available + ")");
    }
}
