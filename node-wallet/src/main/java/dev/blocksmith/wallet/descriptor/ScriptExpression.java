package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import java.util.List;

/**
 * What sits inside a descriptor's output wrapper (pkh/wpkh/sh/wsh/tr): one key, or a {@code multi}/
 * {@code sortedmulti} expression over several (BIP383). The wrapper ({@link Descriptor.Kind}) turns the
 * expression's script or key into the output script.
 */
public sealed interface ScriptExpression permits SingleKeyExpression, MultisigExpression, FixedScriptExpression, MiniscriptExpression,
        TaprootTreeExpression {
    /** The key expressions in the order written. */
    List<KeyExpression> keys();

    /** The text inside the wrapper: the key, or {@code multi(k,KEY,...)}. */
    String render(NetworkParams params, KeyForm form);

    /** The same expression with every key in its {@link KeyExpression#normalized()} form. */
    ScriptExpression normalized();
}
