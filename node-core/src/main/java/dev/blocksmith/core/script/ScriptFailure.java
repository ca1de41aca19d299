package dev.blocksmith.core.script;

/**
 * The first failing input of a transaction.
 *
 * @param inputIndex index of the input whose script failed
 * @param error why it failed
 */
public record ScriptFailure(int inputIndex, ScriptError error) {
    /** bitcoind's reject reason for a script failure in a block (Core 30 renamed "mandatory-" to "block-", PR 33183). */
    public String rejectReason() {
        return "block-script-verify-flag-failed (" + error.message() + ")";
    }
}
