package dev.blocksmith.core.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pay-to-anchor spends (bitcoind 28+): standard when bare, discouraged like any v1 program when nested. */
class PayToAnchorTest {
    private static final Script P2A = Script.fromHex("51024e73");

    private static ScriptError verify(Script scriptSig, Script spk, int flags) {
        Transaction tx = new Transaction(2, List.of(new TxIn(new OutPoint(dev.blocksmith.core.primitives.Sha256Hash.ZERO, 0), scriptSig, 0)),
                List.of(new TxOut(0, Script.fromHex("51"))), 0);
        TxOut spent = new TxOut(1000, spk);
        PrecomputedTransactionData data = new PrecomputedTransactionData(tx, List.of(spent));
        return ScriptInterpreter.verify(scriptSig, spk, Witness.EMPTY, flags, new TransactionSignatureChecker(tx, 0, 1000, data));
    }

    @Test
    void aBareAnchorIsSpendableUnderPolicyFlags() {
        assertThat(verify(Script.EMPTY, P2A, ScriptFlags.STANDARD)).isEqualTo(ScriptError.OK);
    }

    @Test
    void anAnchorInsideP2shIsAnUpgradableProgram() {
        Script redeem = P2A;
        Script p2sh = new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(redeem.bytes())).op(Opcodes.OP_EQUAL).build();
        Script scriptSig = new ScriptBuilder().data(redeem.bytes()).build();
        assertThat(verify(scriptSig, p2sh, ScriptFlags.STANDARD)).isEqualTo(ScriptError.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
        assertThat(verify(scriptSig, p2sh, ScriptFlags.MANDATORY)).isEqualTo(ScriptError.OK);
    }

    @Test
    void otherTwoByteV1ProgramsStayDiscouraged() {
        assertThat(verify(Script.EMPTY, Script.fromHex("51024e74"), ScriptFlags.STANDARD))
                .isEqualTo(ScriptError.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
    }
}
