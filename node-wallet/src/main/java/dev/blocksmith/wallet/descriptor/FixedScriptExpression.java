package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of addr(ADDRESS) or raw(HEX) (BIP385): an output script given directly, with no keys. An addr()
 * prints back as its address, a raw() as the script's hex.
 */
public record FixedScriptExpression(Script script, Optional<Address> address) implements ScriptExpression {
    public FixedScriptExpression {
        Objects.requireNonNull(script);
        Objects.requireNonNull(address);
    }

    @Override
    public List<KeyExpression> keys() {
        return List.of();
    }

    @Override
    public String render(NetworkParams params, KeyForm form) {
        return address.map(Address::encode).orElseGet(() -> Hex.encode(script.rawBytes()));
    }

    @Override
    public ScriptExpression normalized() {
        return this;
    }
}
