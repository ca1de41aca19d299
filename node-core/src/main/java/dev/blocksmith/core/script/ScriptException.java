package dev.blocksmith.core.script;

/**
 * Aborts script evaluation with a {@link ScriptError}. Internal to the interpreter: the public entry
 * points return the error as a value. Carries no stack trace because it is control flow, not a bug.
 */
final class ScriptException extends RuntimeException {
    private final ScriptError error;

    ScriptException(ScriptError error) {
        super(error.name(), null, false, false);
        this.error = error;
    }

    ScriptError error() {
        return error;
    }
}
