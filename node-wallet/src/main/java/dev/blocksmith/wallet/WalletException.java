package dev.blocksmith.wallet;

/**
 * A wallet operation refused for a reason the caller reports to the user; {@link Kind} maps one-to-one to
 * bitcoind's wallet RPC error codes so the RPC layer need not parse messages.
 */
public final class WalletException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** RPC_MISC_ERROR (-1): e.g. a fee bump whose original spends a coin that is spent already. */
        MISC_ERROR,
        /** RPC_WALLET_ERROR (-4). */
        WALLET_ERROR,
        /** RPC_INVALID_PARAMETER (-8): a parameter the wallet cannot honour (e.g. too low a bumped fee). */
        INVALID_PARAMETER,
        /** RPC_WALLET_INSUFFICIENT_FUNDS (-6). */
        INSUFFICIENT_FUNDS,
        /** RPC_WALLET_INVALID_LABEL_NAME (-11). */
        INVALID_LABEL_NAME,
        /** RPC_WALLET_KEYPOOL_RAN_OUT (-12): no active descriptor for the requested address type. */
        KEYPOOL_RAN_OUT,
        /** RPC_WALLET_UNLOCK_NEEDED (-13). */
        UNLOCK_NEEDED,
        /** RPC_WALLET_PASSPHRASE_INCORRECT (-14). */
        PASSPHRASE_INCORRECT,
        /** RPC_WALLET_WRONG_ENC_STATE (-15). */
        WRONG_ENC_STATE,
        /** RPC_WALLET_ENCRYPTION_FAILED (-16). */
        ENCRYPTION_FAILED,
        /** RPC_WALLET_NOT_FOUND (-18). */
        NOT_FOUND,
        /** RPC_WALLET_NOT_FOUND (-18) too, but something is there that is not a wallet (bitcoind's FAILED_BAD_FORMAT). */
        BAD_FORMAT,
        /** RPC_WALLET_NOT_SPECIFIED (-19). */
        NOT_SPECIFIED,
        /** RPC_WALLET_ALREADY_LOADED (-35). */
        ALREADY_LOADED,
        /** RPC_WALLET_ALREADY_EXISTS (-36). */
        ALREADY_EXISTS,
        /** RPC_VERIFY_REJECTED (-26): the mempool refused the transaction. */
        REJECTED,
        /** RPC_INVALID_ADDRESS_OR_KEY (-5): e.g. an unknown transaction, or a descriptor that does not parse. */
        INVALID_ADDRESS_OR_KEY,
        /** RPC_DESERIALIZATION_ERROR (-22): a PSBT whose data contradicts the request (bitcoind's PSBTError::SIGHASH_MISMATCH). */
        DESERIALIZATION_ERROR,
        /** RPC_TRANSACTION_ERROR (-25): a PSBT the wallet cannot process (bitcoind's PSBTError::MISSING_INPUTS). */
        TRANSACTION_ERROR
    }

    private final Kind kind;

    public WalletException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
