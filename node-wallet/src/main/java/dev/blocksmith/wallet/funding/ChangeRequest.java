package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.account.AddressType;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where change goes (fundrawtransaction's changeAddress / change_type / changePosition): an explicit script,
 * else a new address of the wallet's change descriptor for {@code type} (Core's TransactionChangeType chooses
 * one when absent), at {@code position} or a random one.
 */
public record ChangeRequest(Optional<Script> script, Optional<AddressType> type, OptionalInt position) {
    public static final ChangeRequest AUTOMATIC = new ChangeRequest(Optional.empty(), Optional.empty(), OptionalInt.empty());

    public ChangeRequest {
        if (script.isPresent() && type.isPresent()) throw new IllegalArgumentException("change script and type are exclusive");
    }
}
