package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import java.util.List;
import java.util.Objects;

/** The one KEY of pkh(), wpkh(), sh(wpkh()) and tr() (key path only). */
public record SingleKeyExpression(KeyExpression key) implements ScriptExpression {
    public SingleKeyExpression {
        Objects.requireNonNull(key);
    }

    @Override
    public List<KeyExpression> keys() {
        return List.of(key);
    }

    @Override
    public String render(NetworkParams params, KeyForm form) {
        return key.render(params, form);
    }

    @Override
    public ScriptExpression normalized() {
        return new SingleKeyExpression(key.normalized());
    }
}
