package dev.blocksmith.core.psbt;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blocksmith.core.testsupport.AllocationBudget;

import java.util.Arrays;

/**
 * Fuzzes PSBT decoding (decodepsbt, walletprocesspsbt and the other RPCs take PSBTs from clients).
 * Without JAZZER_FUZZ=1 this replays PsbtFuzzTestInputs/. Properties: the only failure is
 * {@link PsbtDecodeException}; allocation in proportion to the input; encoding is a fixed point after one
 * decode (the encoder may drop a finalized input's signing data, so the first re-encoding may be shorter
 * than the input, but decoding and encoding it again must give the same bytes).
 */
class PsbtFuzzTest {

    @FuzzTest
    void psbt(byte[] data) throws PsbtDecodeException {
        Psbt psbt;
        try {
            psbt = PsbtDecoder.decode(data);
        } catch (PsbtDecodeException expected) {
            psbt = null;
        }
        AllocationBudget.check(data.length, "PsbtDecoder.decode", () -> {
            try {
                PsbtDecoder.decode(data);
            } catch (PsbtDecodeException expected) {
                // the allocation made on the way to the error counts too
            }
        });
        if (psbt == null) return;
        byte[] once = PsbtEncoder.encode(psbt);
        byte[] twice = PsbtEncoder.encode(PsbtDecoder.decode(once));
        if (!Arrays.equals(once, twice)) throw new AssertionError("PSBT encoding is not stable after a decode");
    }
}
