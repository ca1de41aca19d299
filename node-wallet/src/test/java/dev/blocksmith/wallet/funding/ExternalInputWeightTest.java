package dev.blocksmith.wallet.funding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.Witness;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Someone else's signed input weighed at its largest, as bitcoind's feebumper weighs inputs it cannot solve. */
class ExternalInputWeightTest {
    private static final OutPoint PREVOUT = new OutPoint(Sha256Hash.wrap(new byte[32]), 0);

    /** A strict-DER signature of {@code length} bytes, sighash byte included. */
    private static byte[] signature(int length) {
        byte[] sig = new byte[length];
        int rLen = (length - 7) / 2;
        int sLen = length - 7 - rLen;
        sig[0] = 0x30;
        sig[1] = (byte) (length - 3);
        sig[2] = 0x02;
        sig[3] = (byte) rLen;
        Arrays.fill(sig, 4, 4 + rLen, (byte) 0x11);
        sig[4 + rLen] = 0x02;
        sig[5 + rLen] = (byte) sLen;
        Arrays.fill(sig, 6 + rLen, 6 + rLen + sLen, (byte) 0x22);
        sig[length - 1] = 0x01;
        return sig;
    }

    @Test
    void p2wpkhInputCountsItsSignatureAt72Bytes() {
        byte[] pubkey = new byte[33];
        pubkey[0] = 0x02;
        TxIn in = new TxIn(PREVOUT, Script.EMPTY, 0xfffffffdL).withWitness(Witness.of(signature(71), pubkey));
        // 41 bytes outside the witness (x4), witness: count, 1 + 71, 1 + 33 = 107, plus the missing signature byte.
        assertThat(ExternalInputWeight.of(in)).isEqualTo(41 * 4 + 107 + 1);
    }

    @Test
    void p2pkhSignatureShortfallCountsFourTimes() {
        byte[] pubkey = new byte[33];
        pubkey[0] = 0x03;
        Script scriptSig = new ScriptBuilder().data(signature(70)).data(pubkey).build();
        TxIn in = new TxIn(PREVOUT, scriptSig, 0xfffffffdL);
        // 32 + 4 + 4 + 1 + 105 bytes of scriptSig, an empty witness (1 WU), and 2 bytes of signature to come (pushes of 1 + 70 and 1 + 33 bytes).
        assertThat(ExternalInputWeight.of(in)).isEqualTo((41 + 105) * 4 + 1 + 2 * 4);
    }

    @Test
    void anythingButSignaturesIsTakenAsItIs() {
        TxIn in = new TxIn(PREVOUT, Script.EMPTY, 0xfffffffdL).withWitness(Witness.of(new byte[64]));
        assertThat(ExternalInputWeight.of(in)).isEqualTo(41 * 4 + 1 + 1 + 64);
    }
}
