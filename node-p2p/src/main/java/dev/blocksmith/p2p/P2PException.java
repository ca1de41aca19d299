package dev.blocksmith.p2p;

/** A refused network-control request; {@link Kind} maps to bitcoind's RPC error codes. */
public final class P2PException extends RuntimeException {
    public enum Kind {
        /** RPC_CLIENT_NODE_ALREADY_ADDED (-23). */
        NODE_ALREADY_ADDED,
        /** RPC_CLIENT_NODE_NOT_ADDED (-24). */
        NODE_NOT_ADDED,
        /** RPC_CLIENT_NODE_NOT_CONNECTED (-29). */
        NODE_NOT_CONNECTED,
        /** RPC_CLIENT_INVALID_IP_OR_SUBNET (-30). */
        INVALID_IP_OR_SUBNET,
        /** RPC_CLIENT_NODE_ALREADY_ADDED (-23) for setban add of a banned subnet. */
        ALREADY_BANNED,
        /** RPC_CLIENT_INVALID_IP_OR_SUBNET (-30) for setban remove of an unbanned subnet. */
        NOT_BANNED,
        /** RPC_INVALID_PARAMETER (-8), e.g. setban with an absolute time in the past. */
        INVALID_PARAMETER,
        /** RPC_MISC_ERROR (-1). */
        MISC
    }

    private final Kind kind;

    public P2PException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
