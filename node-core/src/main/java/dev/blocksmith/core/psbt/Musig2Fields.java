package dev.blocksmith.core.psbt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * BIP373 MuSig2 PSBT fields. Blocksmith does not take part in MuSig2 sessions, so these records travel in the
 * maps' unknown entries (they round-trip and merge byte for byte); {@link PsbtDecoder} checks them with
 * bitcoind's rules and texts when reading, and this class reads them back for display (decodepsbt's
 * musig2_participant_pubkeys, musig2_pubnonces and musig2_partial_sigs).
 */
public final class Musig2Fields {
    /** PSBT_IN_MUSIG2_PARTICIPANT_PUBKEYS: key {@code <aggregate 33>}, value the participants' 33-byte keys. */
    public static final int IN_PARTICIPANT_PUBKEYS = 0x1a;
    /** PSBT_IN_MUSIG2_PUB_NONCE: key {@code <participant 33><aggregate 33>[<leaf hash 32>]}, value 66 bytes. */
    public static final int IN_PUB_NONCE = 0x1b;
    /** PSBT_IN_MUSIG2_PARTIAL_SIG: key as the pubnonce's, value a 32-byte partial signature. */
    public static final int IN_PARTIAL_SIG = 0x1c;
    /** PSBT_OUT_MUSIG2_PARTICIPANT_PUBKEYS: as the input field. */
    public static final int OUT_PARTICIPANT_PUBKEYS = 0x08;

    static final int PUBKEY_SIZE = 33;

    private Musig2Fields() {
    }

    /** The participants of one aggregate key. */
    public record Participants(Bytes aggregate, List<Bytes> participants) {
    }

    /** A pubnonce or partial signature of one participant for an aggregate key (and tapscript leaf, if any). */
    public record ParticipantData(Bytes participant, Bytes aggregate, Optional<Bytes> leafHash, Bytes value) {
    }

    /** Whether an unknown-map key of an input (or output) map is one of these fields. */
    public static boolean isMusig2(Bytes key, boolean input) {
        if (key.isEmpty()) return false;
        int type = key.byteAt(0);
        return input ? type == IN_PARTICIPANT_PUBKEYS || type == IN_PUB_NONCE || type == IN_PARTIAL_SIG : type == OUT_PARTICIPANT_PUBKEYS;
    }

    /** The participant-pubkey records of a map, by aggregate key (bitcoind's map order). */
    public static List<Participants> participants(SortedMap<Bytes, Bytes> unknown, boolean input) {
        int type = input ? IN_PARTICIPANT_PUBKEYS : OUT_PARTICIPANT_PUBKEYS;
        List<Participants> out = new ArrayList<>();
        unknown.forEach((k, v) -> {
            if (k.isEmpty() || k.byteAt(0) != type || k.length() != 1 + PUBKEY_SIZE) return;
            byte[] value = v.toByteArray();
            List<Bytes> keys = new ArrayList<>();
            for (int at = 0; at + PUBKEY_SIZE <= value.length; at += PUBKEY_SIZE) {
                keys.add(Bytes.of(Arrays.copyOfRange(value, at, at + PUBKEY_SIZE)));
            }
            out.add(new Participants(slice(k, 1, 1 + PUBKEY_SIZE), List.copyOf(keys)));
        });
        return List.copyOf(out);
    }

    /** An input's pubnonces, ordered as bitcoind keeps them: by (aggregate, leaf hash), then participant. */
    public static List<ParticipantData> pubNonces(SortedMap<Bytes, Bytes> unknown) {
        return participantData(unknown, IN_PUB_NONCE);
    }

    /** An input's partial signatures, in bitcoind's order (see {@link #pubNonces}). */
    public static List<ParticipantData> partialSigs(SortedMap<Bytes, Bytes> unknown) {
        return participantData(unknown, IN_PARTIAL_SIG);
    }

    private static List<ParticipantData> participantData(SortedMap<Bytes, Bytes> unknown, int type) {
        List<ParticipantData> out = new ArrayList<>();
        unknown.forEach((k, v) -> {
            if (k.isEmpty() || k.byteAt(0) != type || !identifierSize(k.length())) return;
            Optional<Bytes> leaf = k.length() == 1 + 2 * PUBKEY_SIZE ? Optional.empty() : Optional.of(slice(k, 1 + 2 * PUBKEY_SIZE, k.length()));
            out.add(new ParticipantData(slice(k, 1, 1 + PUBKEY_SIZE), slice(k, 1 + PUBKEY_SIZE, 1 + 2 * PUBKEY_SIZE), leaf, v));
        });
        // bitcoind keys these by (aggregate, leaf hash) with an absent leaf as the all-zero hash, which sorts first.
        out.sort(Comparator.comparing(ParticipantData::aggregate)
                .thenComparing(d -> d.leafHash().orElse(Bytes.of(new byte[32])))
                .thenComparing(ParticipantData::participant));
        return List.copyOf(out);
    }

    /** Pubnonce and partial-signature keys: type, participant, aggregate, and an optional 32-byte leaf hash. */
    static boolean identifierSize(int keyLength) {
        return keyLength == 1 + 2 * PUBKEY_SIZE || keyLength == 1 + 2 * PUBKEY_SIZE + 32;
    }

    private static Bytes slice(Bytes b, int from, int to) {
        return Bytes.of(Arrays.copyOfRange(b.toByteArray(), from, to));
    }
}
