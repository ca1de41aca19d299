package dev.blocksmith.rpc;

import java.util.Objects;

/**
 * A JSON-RPC error a method reports to its caller: becomes {@code {"code": N, "message": "..."}} in
 * the reply. Thrown for expected failures (bad input, unknown block); it carries no stack trace
 * because it is a reply, not a bug.
 */
public final class RpcException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RpcErrorCode code;

    public RpcException(RpcErrorCode code, String message) {
        super(Objects.requireNonNull(message), null, false, false);
        this.code = Objects.requireNonNull(code);
    }

    public RpcErrorCode code() {
        return code;
    }

    public static RpcException invalidParameter(String message) {
        return new RpcException(RpcErrorCode.INVALID_PARAMETER, message);
    }

    public static RpcException typeError(String message) {
        return new RpcException(RpcErrorCode.TYPE_ERROR, message);
    }

    public static RpcException misc(String message) {
        return new RpcException(RpcErrorCode.MISC_ERROR, message);
    }

    /**
     * bitcoind's CHECK_NONFATAL failing inside an RPC: an internal consistency check ({@code failedCheck}, the
     * condition as written) did not hold. The request fails with -1 and bitcoind's "Internal bug detected" text;
     * the node goes on.
     */
    public static RpcException internalBug(String failedCheck, String where) {
        return misc("Internal bug detected: " + failedCheck + "\n" + where + "\nBlocksmith\n"
                + "Please report this issue here: https://github.com/blocksmith/blocksmith/issues\n");
    }

    @Override
    public String toString() {
        return "RpcException(" + code.code() + ", " + getMessage() + ")";
    }
}
