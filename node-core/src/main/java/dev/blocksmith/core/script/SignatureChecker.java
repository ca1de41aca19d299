package dev.blocksmith.core.script;

/**
 * The interpreter's view of the transaction being validated: signature checks and lock-time checks.
 * Implementations decide what is signed; the interpreter decides encodings and flags.
 */
public interface SignatureChecker {
    /**
     * Legacy or segwit v0 ECDSA check. {@code signature} still carries its trailing hash type byte.
     * False for any malformed input.
     */
    default boolean checkEcdsaSignature(byte[] signature, byte[] pubkey, Script scriptCode, SigVersion sigVersion) {
        return false;
    }

    /**
     * BIP340/341/342 Schnorr check of a 64- or 65-byte signature against a 32-byte key.
     *
     * @return {@link ScriptError#OK} or the reason (SCHNORR_SIG_SIZE, SCHNORR_SIG_HASHTYPE, SCHNORR_SIG)
     */
    default ScriptError checkSchnorrSignature(byte[] signature, byte[] pubkey, SigVersion sigVersion, ScriptExecutionData execData) {
        return ScriptError.SCHNORR_SIG;
    }

    /** BIP65 OP_CHECKLOCKTIMEVERIFY against the transaction's nLockTime. */
    default boolean checkLockTime(long lockTime) {
        return false;
    }

    /** BIP112 OP_CHECKSEQUENCEVERIFY against the input's nSequence (BIP68 encoding). */
    default boolean checkSequence(long sequence) {
        return false;
    }

    /** A checker for scripts outside any transaction: every signature and lock-time check fails. */
    SignatureChecker NONE = new SignatureChecker() {
    };
}
