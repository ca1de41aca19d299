package dev.blocksmith.rpc.methods.network;

import dev.blocksmith.p2p.P2PException;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;

/** Maps the P2P layer's typed failures to bitcoind's RPC error codes. */
final class P2PErrors {
    private P2PErrors() {
    }

    static RpcException toRpc(P2PException e) {
        RpcErrorCode code = switch (e.kind()) {
            case NODE_ALREADY_ADDED, ALREADY_BANNED -> RpcErrorCode.CLIENT_NODE_ALREADY_ADDED;
            case NODE_NOT_ADDED -> RpcErrorCode.CLIENT_NODE_NOT_ADDED;
            case NODE_NOT_CONNECTED -> RpcErrorCode.CLIENT_NODE_NOT_CONNECTED;
            case INVALID_IP_OR_SUBNET, NOT_BANNED -> RpcErrorCode.CLIENT_INVALID_IP_OR_SUBNET;
            case INVALID_PARAMETER -> RpcErrorCode.INVALID_PARAMETER;
            case MISC -> RpcErrorCode.MISC_ERROR;
        };
        return new RpcException(code, e.getMessage());
    }
}
