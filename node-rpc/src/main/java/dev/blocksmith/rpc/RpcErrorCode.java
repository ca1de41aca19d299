package dev.blocksmith.rpc;

/**
 * JSON-RPC error codes with the numbers bitcoind uses (Bitcoin Core src/rpc/protocol.h), so clients
 * that switch on codes behave the same against this node.
 */
public enum RpcErrorCode {
    // Standard JSON-RPC 2.0 errors.
    INVALID_REQUEST(-32600),
    METHOD_NOT_FOUND(-32601),
    INVALID_PARAMS(-32602),
    /** Used by bitcoind only for internal bugs; its "internal errors" elsewhere use MISC_ERROR. */
    INTERNAL_ERROR(-32603),
    PARSE_ERROR(-32700),

    // General application-defined errors.
    /** std::exception thrown in command handling. */
    MISC_ERROR(-1),
    /** Unexpected type was passed as parameter. */
    TYPE_ERROR(-3),
    /** Invalid address or key. */
    INVALID_ADDRESS_OR_KEY(-5),
    /** Ran out of memory during operation. */
    OUT_OF_MEMORY(-7),
    /** Invalid, missing or duplicate parameter. */
    INVALID_PARAMETER(-8),
    /** Database error. */
    DATABASE_ERROR(-20),
    /** Error parsing or validating structure in raw format. */
    DESERIALIZATION_ERROR(-22),
    /** General error during transaction or block submission. */
    VERIFY_ERROR(-25),
    /** Transaction or block was rejected by network rules. */
    VERIFY_REJECTED(-26),
    /** Transaction already in chain (bitcoind: RPC_VERIFY_ALREADY_IN_UTXO_SET, formerly ..._IN_CHAIN). */
    VERIFY_ALREADY_IN_CHAIN(-27),
    /** Client still warming up. */
    IN_WARMUP(-28),
    /** RPC method is deprecated. */
    METHOD_DEPRECATED(-32),

    // P2P client errors.
    CLIENT_NOT_CONNECTED(-9),
    CLIENT_IN_INITIAL_DOWNLOAD(-10),
    CLIENT_NODE_ALREADY_ADDED(-23),
    CLIENT_NODE_NOT_ADDED(-24),
    CLIENT_NODE_NOT_CONNECTED(-29),
    CLIENT_INVALID_IP_OR_SUBNET(-30),
    CLIENT_P2P_DISABLED(-31),
    CLIENT_NODE_CAPACITY_REACHED(-34),
    CLIENT_MEMPOOL_DISABLED(-33),

    // Wallet errors.
    /** Unspecified problem with wallet (key not found etc.). */
    WALLET_ERROR(-4),
    /** Not enough funds in wallet or account. */
    WALLET_INSUFFICIENT_FUNDS(-6),
    WALLET_INVALID_LABEL_NAME(-11),
    WALLET_KEYPOOL_RAN_OUT(-12),
    /** Enter the wallet passphrase with walletpassphrase first. */
    WALLET_UNLOCK_NEEDED(-13),
    WALLET_PASSPHRASE_INCORRECT(-14),
    /** Command given in wrong wallet encryption state. */
    WALLET_WRONG_ENC_STATE(-15),
    WALLET_ENCRYPTION_FAILED(-16),
    WALLET_ALREADY_UNLOCKED(-17),
    WALLET_NOT_FOUND(-18),
    /** No wallet specified (more than one wallet loaded). */
    WALLET_NOT_SPECIFIED(-19),
    WALLET_ALREADY_LOADED(-35),
    WALLET_ALREADY_EXISTS(-36);

    private final int code;

    RpcErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
