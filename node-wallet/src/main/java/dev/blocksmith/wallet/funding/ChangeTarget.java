package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.WalletException;
import java.util.Optional;

/**
 * The change output the funder may add: its script, or why there is none (Core reserves the change address
 * first and reports its failure only if change turns out to be needed), and the sizes that price it.
 *
 * @param outputVBytes the size the change output adds
 * @param spendVBytes the size of spending it later (the waste metric's cost of change)
 */
public record ChangeTarget(Optional<Script> script, Optional<WalletException> unavailable, int outputVBytes, int spendVBytes) {
    public static ChangeTarget to(Script script, int spendVBytes) {
        return new ChangeTarget(Optional.of(script), Optional.empty(), new dev.blocksmith.core.tx.TxOut(0, script).serializedSize(), spendVBytes);
    }

    /** No change address can be had; priced as a P2WPKH output, as Core's dummy change destination. */
    public static ChangeTarget none(WalletException why) {
        return new ChangeTarget(Optional.empty(), Optional.of(why), 31, 68);
    }
}
