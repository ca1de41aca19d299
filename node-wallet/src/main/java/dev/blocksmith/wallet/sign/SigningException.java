package dev.blocksmith.wallet.sign;

/** An input cannot be signed with the given key (wrong key, unsupported script, missing data). */
public final class SigningException extends Exception {
    public SigningException(String message) {
        super(message);
    }
}
