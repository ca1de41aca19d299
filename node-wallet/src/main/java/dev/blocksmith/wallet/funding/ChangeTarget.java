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
    /**
     * The cost of spending change the wallet cannot sign for: bitcoind's DUMMY_NESTED_P2WPKH_INPUT_SIZE, a P2SH-P2WPKH
     * input, the low bound it assumes so that branch-and-bound can still avoid change.
     */
    public static final int UNKNOWN_SPEND_VBYTES = 91;

    public static ChangeTarget to(Script script, int spendVBytes) {
        return new ChangeTarget(Optional.of(script), Optional.empty(), new dev.blocksmith.core.tx.TxOut(0, script).serializedSize(), spendVBytes);
    }

    /**
     * No change address can be had; priced as bitcoind prices its empty change script then: a 9-byte output (amount
     * and an empty script) whose spend size is unknown.
     */
    public static ChangeTarget none(WalletException why) {
        return new ChangeTarget(Optional.empty(), Optional.of(why), new dev.blocksmith.core.tx.TxOut(0, Script.EMPTY).serializedSize(),
                UNKNOWN_SPEND_VBYTES);
    }
}
