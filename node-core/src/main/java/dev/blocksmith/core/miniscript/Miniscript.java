package dev.blocksmith.core.miniscript;

import dev.blocksmith.core.script.Script;
import java.util.Optional;

/** Entry points for miniscript (BIP379) as bitcoind uses it in descriptor inference. */
public final class Miniscript {
    private Miniscript() {
    }

    /** The miniscript a script decodes to, if it is valid top-level miniscript in {@code ctx} (bitcoind's FromScript). */
    public static Optional<MiniscriptNode> fromScript(Script script, MiniscriptContext ctx) {
        return new ScriptDecoder(ctx, ScriptDecoder.plainKeys(ctx)).decode(script);
    }

    /**
     * What bitcoind's InferScript finds for a P2WSH witness script with no wallet data: the miniscript,
     * only when it is sane (valid, non-malleable, no timelock mix or repeated key, needs a signature).
     */
    public static Optional<MiniscriptNode> inferSane(Script script, MiniscriptContext ctx) {
        return fromScript(script, ctx).filter(MiniscriptNode::isSane);
    }
}
