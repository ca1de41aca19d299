package dev.blocksmith.core.script;

/**
 * The first failing input of a transaction.
 *
 * @param inputIndex index of the input whose script failed
 * @param error why it failed
 */
public record ScriptFailure(int inputIndex, ScriptError error) {
    /** bitcoind's reject reason for a consensus script failure. */
    public String rejectReason() {
        return "mandatory-script-verify-flag-failed (" + error.message() + ")";
    }
}
