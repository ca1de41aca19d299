package dev.blocksmith.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelScriptVerifierTest {
    private static final int FLAGS = ScriptFlags.MANDATORY | ScriptFlags.DERSIG | ScriptFlags.CHECKLOCKTIMEVERIFY
            | ScriptFlags.CHECKSEQUENCEVERIFY | ScriptFlags.NULLDUMMY;

    @Test
    void acceptsAValidBlock() throws Exception {
        SignedBlockFixture f = SignedBlockFixture.p2wpkh(200);
        try (ParallelScriptVerifier v = new ParallelScriptVerifier(ScriptValidation.uncached(), 3)) {
            v.verify(f.block(), f.spent(), FLAGS);
        }
    }

    @Test
    void rejectsWithCoresReasonWhenOneInputFails() {
        SignedBlockFixture f = SignedBlockFixture.p2wpkh(150);
        // BIP143 commits to the amount: claiming a different spent amount breaks the signature of tx 97.
        List<List<TxOut>> spent = new ArrayList<>(f.spent());
        TxOut real = spent.get(97).get(0);
        spent.set(97, List.of(new TxOut(real.value() + 1, real.scriptPubKey())));
        try (ParallelScriptVerifier v = new ParallelScriptVerifier(ScriptValidation.uncached(), 2)) {
            assertThatThrownBy(() -> v.verify(f.block(), spent, FLAGS))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(
                                "block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)");
                        assertThat(e.debug()).contains("input 0 of tx " + f.block().transactions().get(97).txid());
                    });
        }
    }

    @Test
    void nullfailGivesItsOwnReason() {
        SignedBlockFixture f = SignedBlockFixture.p2wpkh(5);
        List<List<TxOut>> spent = new ArrayList<>(f.spent());
        TxOut real = spent.get(3).get(0);
        spent.set(3, List.of(new TxOut(real.value() - 1, real.scriptPubKey())));
        try (ParallelScriptVerifier v = new ParallelScriptVerifier(ScriptValidation.uncached(), 2)) {
            assertThatThrownBy(() -> v.verify(f.block(), spent, FLAGS | ScriptFlags.NULLFAIL))
                    .hasMessageStartingWith("block-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)");
        }
    }

    @Test
    void mempoolStoresSignaturesThatTheBlockThenReuses() throws Exception {
        SignedBlockFixture f = SignedBlockFixture.p2wpkh(20);
        SignatureCache cache = new SignatureCache(1000);
        ScriptValidation validation = new ScriptValidation(cache);
        for (int i = 1; i < f.block().transactions().size(); i++) {
            assertThat(validation.verifyTransaction(f.block().transactions().get(i), f.spent().get(i), FLAGS, true)).isEmpty();
        }
        assertThat(cache.size()).isEqualTo(20);
        try (ParallelScriptVerifier v = new ParallelScriptVerifier(validation, 2)) {
            v.verify(f.block(), f.spent(), FLAGS);
        }
        // Block validation reads the cache but does not add to it.
        assertThat(cache.size()).isEqualTo(20);
    }
}
