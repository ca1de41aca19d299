package dev.blocksmith.core.psbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BIP373 MuSig2 records: bitcoind's deserialisation checks (psbt.h) and their reading for decodepsbt. */
class Musig2FieldsTest {
    private static final Bytes AGG = key(2);
    private static final Bytes P1 = key(3);
    private static final Bytes P2 = key(4);
    private static final Bytes LEAF = Bytes.of(filled(32, 9));

    private static Bytes key(int fill) {
        byte[] k = filled(33, fill);
        k[0] = 0x02;
        return Bytes.of(k);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static Bytes cat(int type, Bytes... parts) {
        int n = 1;
        for (Bytes p : parts) n += p.length();
        byte[] out = new byte[n];
        out[0] = (byte) type;
        int at = 1;
        for (Bytes p : parts) {
            System.arraycopy(p.toByteArray(), 0, out, at, p.length());
            at += p.length();
        }
        return Bytes.of(out);
    }

    private static Bytes concat(Bytes a, Bytes b) {
        byte[] v = new byte[a.length() + b.length()];
        System.arraycopy(a.toByteArray(), 0, v, 0, a.length());
        System.arraycopy(b.toByteArray(), 0, v, a.length(), b.length());
        return Bytes.of(v);
    }

    private static byte[] psbt(Bytes inKey, Bytes inValue, Bytes outKey, Bytes outValue) {
        Transaction tx = new Transaction(2, List.of(new TxIn(new OutPoint(Sha256Hash.wrap(filled(32, 0xee)), 0), Script.EMPTY, 0xffffffffL)),
                List.of(new TxOut(0, Script.EMPTY)), 0);
        Psbt p = Psbt.create(tx);
        if (inKey != null) p = p.withInput(0, new PsbtInput.Builder().addUnknown(inKey, inValue).build());
        if (outKey != null) p = p.withOutput(0, new PsbtOutput.Builder().addUnknown(outKey, outValue).build());
        return PsbtEncoder.encode(p);
    }

    private static void refused(byte[] data, String message) {
        assertThatThrownBy(() -> PsbtDecoder.decode(data)).isInstanceOf(PsbtDecodeException.class).hasMessage(message);
    }

    @Test
    void wellFormedRecordsRoundTripAndReadBack() throws Exception {
        byte[] data = psbt(cat(Musig2Fields.IN_PUB_NONCE, P1, AGG, LEAF), Bytes.of(filled(66, 5)),
                cat(Musig2Fields.OUT_PARTICIPANT_PUBKEYS, AGG), concat(P1, P2));
        Psbt p = PsbtDecoder.decode(data);
        assertThat(PsbtEncoder.encode(p)).isEqualTo(data);
        List<Musig2Fields.ParticipantData> nonces = Musig2Fields.pubNonces(p.inputs().get(0).unknown());
        assertThat(nonces).containsExactly(new Musig2Fields.ParticipantData(P1, AGG, Optional.of(LEAF), Bytes.of(filled(66, 5))));
        assertThat(Musig2Fields.participants(p.outputs().get(0).unknown(), false))
                .containsExactly(new Musig2Fields.Participants(AGG, List.of(P1, P2)));
        assertThat(Musig2Fields.isMusig2(cat(Musig2Fields.IN_PUB_NONCE, P1, AGG), true)).isTrue();
        assertThat(Musig2Fields.isMusig2(cat(Musig2Fields.IN_PUB_NONCE, P1, AGG), false)).isFalse();
    }

    @Test
    void malformedRecordsAreRefusedWithBitcoindsTexts() {
        refused(psbt(cat(Musig2Fields.IN_PARTICIPANT_PUBKEYS, AGG, LEAF), concat(P1, P2), null, null),
                "Input musig2 participants pubkeys aggregate key is not 34 bytes");
        refused(psbt(cat(Musig2Fields.IN_PARTICIPANT_PUBKEYS, AGG), Bytes.of(filled(40, 2)), null, null),
                "Input musig2 participants pubkeys value size is not a multiple of 33");
        refused(psbt(null, null, cat(Musig2Fields.OUT_PARTICIPANT_PUBKEYS, AGG, LEAF), P1),
                "Output musig2 participants pubkeys aggregate key is not 34 bytes");
        refused(psbt(null, null, cat(Musig2Fields.OUT_PARTICIPANT_PUBKEYS, AGG), Bytes.of(filled(34, 2))),
                "Output musig2 participants pubkeys value size is not a multiple of 33");
        refused(psbt(cat(Musig2Fields.IN_PUB_NONCE, P1, AGG, Bytes.of(filled(5, 1))), Bytes.of(filled(66, 5)), null, null),
                "Input musig2 pubnonce key is not expected size of 67 or 99 bytes");
        refused(psbt(cat(Musig2Fields.IN_PUB_NONCE, P1, AGG), Bytes.of(filled(65, 5)), null, null),
                "Input musig2 pubnonce value is not 66 bytes");
        refused(psbt(cat(Musig2Fields.IN_PARTIAL_SIG, P1), Bytes.of(filled(32, 5)), null, null),
                "Input musig2 partial sig key is not expected size of 67 or 99 bytes");
        refused(psbt(cat(Musig2Fields.IN_PARTIAL_SIG, P1, AGG), Bytes.of(filled(33, 5)), null, null),
                "Size of value was not the stated size");
    }
}
