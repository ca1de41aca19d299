package dev.blocksmith.core.psbt;

import java.util.List;
import java.util.Optional;

/**
 * What an input still lacks after a signing attempt (analyzepsbt's "missing"): key ids of public keys
 * not known, key ids of signatures not made, the hash160 of a redeem script and the SHA256 of a witness
 * script not known.
 */
public record MissingData(List<Bytes> pubkeys, List<Bytes> signatures, Optional<Bytes> redeemScript, Optional<Bytes> witnessScript) {
    public static final MissingData NONE = new MissingData(List.of(), List.of(), Optional.empty(), Optional.empty());

    public MissingData {
        pubkeys = List.copyOf(pubkeys);
        signatures = List.copyOf(signatures);
    }

    public boolean isEmpty() {
        return pubkeys.isEmpty() && signatures.isEmpty() && redeemScript.isEmpty() && witnessScript.isEmpty();
    }
}
