package dev.blocksmith.wallet.funding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The payments and change of a fee bump's replacement, as bitcoind's CreateRateBumpTransaction sets them. */
class ReplacementOutputsTest {
    private static final Script PAYEE = Script.of(Hex.decode("0014" + "11".repeat(20)));
    private static final Script CHANGE = Script.of(Hex.decode("0014" + "22".repeat(20)));
    private static final Script OURS = Script.of(Hex.decode("0014" + "33".repeat(20)));

    @Test
    void changeIsDroppedFromThePaymentsAndItsScriptKept() {
        ReplacementOutputs r = ReplacementOutputs.of(List.of(new TxOut(50_000, PAYEE), new TxOut(49_000, CHANGE)), OptionalInt.empty(),
                CHANGE::equals);
        assertThat(r.outputs()).containsExactly(new TxOut(50_000, PAYEE));
        assertThat(r.subtractFeeFrom()).isEmpty();
        assertThat(r.changeScript()).contains(CHANGE);
    }

    @Test
    void newOutputsWithoutChangeLeaveChangeToANewAddress() {
        ReplacementOutputs r = ReplacementOutputs.of(List.of(new TxOut(30_000, PAYEE)), OptionalInt.empty(), CHANGE::equals);
        assertThat(r.outputs()).containsExactly(new TxOut(30_000, PAYEE));
        assertThat(r.changeScript()).isEmpty();
    }

    @Test
    void theNamedOutputIsChangeWhateverTheWalletThinks() {
        ReplacementOutputs r = ReplacementOutputs.of(List.of(new TxOut(100_000_000, PAYEE), new TxOut(5_000, OURS), new TxOut(7_000, CHANGE)),
                OptionalInt.of(1), CHANGE::equals);
        assertThat(r.outputs()).containsExactly(new TxOut(100_000_000, PAYEE), new TxOut(7_000, CHANGE));
        assertThat(r.changeScript()).contains(OURS);
    }

    @Test
    void changeAloneBecomesThePaymentThatPaysTheFee() {
        // wallet_bumpfee's bump back to yourself: everything goes to the change script, the fee out of it, any change
        // to a new address.
        ReplacementOutputs r = ReplacementOutputs.of(List.of(new TxOut(600_000_000, CHANGE), new TxOut(400_000_000, CHANGE)),
                OptionalInt.empty(), CHANGE::equals);
        assertThat(r.outputs()).containsExactly(new TxOut(1_000_000_000, CHANGE));
        assertThat(r.subtractFeeFrom()).containsExactly(0);
        assertThat(r.changeScript()).isEmpty();
    }
}
