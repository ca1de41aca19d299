package dev.blocksmith.rpc.methods.rawtransactions;

import dev.blocksmith.core.script.ScriptError;
import java.util.Optional;

/**
 * The text bitcoind's SignTransaction reports for an input whose script does not verify after signing: two
 * verification failures get a hint of what is missing, every other one its script error text.
 */
public final class InputSigningError {
    /** bitcoind's text for an input whose spent output is not known. */
    public static final String NOT_FOUND = "Input not found or already spent";

    private InputSigningError() {
    }

    public static Optional<String> of(ScriptError verification) {
        return switch (verification) {
            case OK -> Optional.empty();
            case INVALID_STACK_OPERATION -> Optional.of("Unable to sign input, invalid stack size (possibly missing key)");
            case SIG_NULLFAIL -> Optional.of("CHECK(MULTI)SIG failing with non-zero signature (possibly need more signatures)");
            default -> Optional.of(verification.message());
        };
    }
}
