package dev.blocksmith.core.psbt;

/** The key of PSBT_IN_TAP_SCRIPT_SIG: the x-only public key and the hash of the leaf it signs for. */
public record TapScriptSigKey(Bytes xOnlyKey, Bytes leafHash) implements Comparable<TapScriptSigKey> {
    @Override
    public int compareTo(TapScriptSigKey o) {
        int c = xOnlyKey.compareTo(o.xOnlyKey);
        return c != 0 ? c : leafHash.compareTo(o.leafHash);
    }
}
