package dev.blocksmith.core.psbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Round trips of a PSBT that has a record of every known type, and of proprietary and unknown records, in every map. */
class PsbtCodecTest {
    @Test
    void everyFieldRoundTripsByteForByte() throws Exception {
        Psbt p = EveryFieldPsbt.build();
        byte[] bytes = PsbtEncoder.encode(p);
        Psbt back = PsbtDecoder.decode(bytes);
        assertThat(back).isEqualTo(p);
        assertThat(Arrays.equals(PsbtEncoder.encode(back), bytes)).isTrue();
        assertThat(back.input(0).proprietary()).hasSize(1);
        assertThat(back.input(0).unknown()).containsKey(Bytes.fromHex("f0ab"));
        assertThat(back.output(0).proprietary().first().identifier().toByteArray()).isEqualTo("blocksmith".getBytes());
        assertThat(back.output(0).proprietary().first().subtype()).isEqualTo(2);
        assertThat(back.unknown()).containsEntry(Bytes.fromHex("f3"), Bytes.fromHex("ff"));
        assertThat(back.xpubs()).hasSize(1);
        // A finalized input is written without the data a finalizer may drop (bitcoind writes it so).
        assertThat(back.input(1).finalScriptWitness()).isPresent();
        assertThat(back.fee()).contains(20_000L);
    }

    @Test
    void aFinalizedInputDropsItsSigningData() throws Exception {
        Psbt p = EveryFieldPsbt.build();
        PsbtInput in = p.input(0).toBuilder().finalScriptSig(java.util.Optional.of(dev.blocksmith.core.script.Script.fromHex("00"))).build();
        Psbt back = PsbtDecoder.decode(PsbtEncoder.encode(p.withInput(0, in)));
        PsbtInput r = back.input(0);
        assertThat(r.partialSignatures()).isEmpty();
        assertThat(r.bip32Derivations()).isEmpty();
        assertThat(r.tapKeySig()).isEmpty();
        assertThat(r.sha256Preimages()).isEmpty();
        assertThat(r.nonWitnessUtxo()).isPresent();
        assertThat(r.proprietary()).hasSize(1);
        assertThat(r.unknown()).hasSize(1);
    }
}
